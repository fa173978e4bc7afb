//! `startup`: start a server command and time how long until `/healthz` first answers 200.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct StartupArgs {
    /// The server's base URL, e.g. http://127.0.0.1:8088 (loopback only).
    #[arg(long)]
    url: String,
    /// Leave the server running afterwards (its pid is printed); otherwise it is stopped.
    #[arg(long)]
    keep: bool,
    /// Where the server's stdout and stderr go (default: discarded).
    #[arg(long)]
    log: Option<PathBuf>,
    #[arg(long, default_value_t = 30)]
    timeout_secs: u64,
    /// The server command and its arguments, after `--`.
    #[arg(trailing_var_arg = true, required = true)]
    command: Vec<String>,
}

pub async fn startup(a: StartupArgs) -> Result<()> {
    let base: reqwest::Url = a.url.parse().context("--url")?;
    crate::require_loopback(&base)?;
    let health = base.join("/healthz")?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(1))
        .build()?;
    let (out, err) = match &a.log {
        Some(p) => {
            let f =
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?;
            (Stdio::from(f.try_clone()?), Stdio::from(f))
        }
        None => (Stdio::null(), Stdio::null()),
    };
    let load = crate::loadavg();
    // Nothing may answer before the server does.
    if http.get(health.clone()).send().await.is_ok() {
        anyhow::bail!("something already answers at {health}; stop it first");
    }
    let started = Instant::now();
    let mut child = Command::new(&a.command[0])
        .args(&a.command[1..])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .with_context(|| format!("starting {}", a.command[0]))?;
    let deadline = started + Duration::from_secs(a.timeout_secs);
    let elapsed = loop {
        if let Ok(r) = http.get(health.clone()).send().await
            && r.status().is_success()
        {
            break started.elapsed();
        }
        if let Some(status) = child.try_wait()? {
            anyhow::bail!("the server exited with {status} before answering");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            anyhow::bail!("no answer from {health} within {} s", a.timeout_secs);
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    println!(
        "cold start to the first answered /healthz: {:.0} ms (load before: {load})",
        elapsed.as_secs_f64() * 1000.0
    );
    if a.keep {
        println!("server pid {}", child.id());
    } else {
        child.kill()?;
        child.wait()?;
    }
    Ok(())
}
