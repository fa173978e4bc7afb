//! `skranke`: the service desk's one binary.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use skranke::config::{Config, Overrides};
use skranke_app::SystemClock;
use skranke_app::users::NewUser;
use skranke_domain::Role;

#[derive(Parser)]
#[command(
    name = "skranke",
    version,
    about = "Skranke: a self-hosted IT service desk"
)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Common {
    /// Database URL: sqlite://PATH or postgres://... [env: SKRANKE_DATABASE_URL]
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Directory for the database, attachments and skranke.toml [env: SKRANKE_DATA_DIR]
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web UI and API.
    Serve {
        /// Listen address [env: SKRANKE_BIND]
        #[arg(long)]
        bind: Option<String>,
        /// Seed demo people and tickets (SPEC §6) and print their logins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["customer", "agent", "admin"])]
        role: String,
        /// Support level of an agent.
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=3))]
        level: Option<i64>,
        /// The password (visible in the process list; prefer --password-stdin).
        #[arg(long, conflicts_with = "password_stdin")]
        password: Option<String>,
        /// Read the password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it.
    Create {
        #[arg(long)]
        email: String,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SKRANKE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// mimalloc instead of glibc's malloc (docs/benchmarks.md, "Allocator"): a page view makes
/// thousands of small allocations (every column of every row is copied twice on its way from
/// SQLite), and glibc spent about a quarter of the server's CPU in malloc, free and
/// `malloc_consolidate`. With mimalloc the queue page went from 845 to 1,303 pages/s and creation
/// from 2,355 to 3,294/s on the same data. Large blocks (19 MiB per Argon2 verification) go back
/// to the kernel when freed, so a burst of logins does not stay resident either.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    init_tracing();
    let cli = Cli::parse();
    let mut overrides = Overrides {
        data_dir: cli.common.data_dir.clone(),
        database_url: cli.common.database_url.clone(),
        bind: None,
    };
    if let Command::Serve { bind, .. } = &cli.command {
        overrides.bind = bind.clone();
    }
    let config = Config::load(&overrides)?;
    let db = skranke::open_db(&config)
        .await
        .context("opening the database")?;
    let app = skranke::build_app(&config, db.clone(), Arc::new(SystemClock)).await?;

    match cli.command {
        Command::Migrate => {
            println!("database is up to date");
        }
        Command::User(UserCommand::Add {
            email,
            name,
            role,
            level,
            password,
            password_stdin,
        }) => {
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                Some(s.trim_end_matches(['\r', '\n']).to_string())
            } else {
                password
            };
            let role: Role = role.parse()?;
            let user = app
                .create_user(
                    None,
                    NewUser {
                        email,
                        name,
                        role,
                        level,
                        password,
                    },
                )
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("created {} {} (id {})", user.role, user.email, user.id);
        }
        Command::Token(TokenCommand::Create { email }) => {
            let token = app
                .create_token_for_email(&email)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{token}");
        }
        Command::Serve { demo, .. } => {
            if demo {
                app.seed_demo()
                    .await
                    .map_err(|e| anyhow::anyhow!("seeding demo data: {e}"))?;
            }
            let listener = tokio::net::TcpListener::bind(&config.bind)
                .await
                .with_context(|| format!("cannot listen on {}", config.bind))?;
            let running = skranke::serve(app.clone(), listener, config.public_url()).await?;
            skranke::spawn_housekeeping(app.clone());
            skranke::spawn_worker(app.clone());
            eprintln!("Skranke listening on http://{}", running.addr);
            if demo {
                eprintln!("Demo logins (e-mail / password):");
                for d in skranke_app::demo::DEMO_LOGINS {
                    let level = d.level.map(|l| format!(" level {l}")).unwrap_or_default();
                    eprintln!(
                        "  {:<22} {:<14} {}{} ({})",
                        d.email, d.password, d.role, level, d.name
                    );
                }
            } else if app.needs_setup().await.unwrap_or(false) {
                eprintln!(
                    "No admin yet: open http://{}/setup or run `skranke user add --role admin ...`",
                    running.addr
                );
            }
            running.task.await?;
        }
    }
    db.close().await;
    Ok(())
}
