//! `skranke-bench`: the performance harness of issue 4.
//!
//! - `fill` migrates a database the way the app does and fills it with realistic tickets, comments,
//!   events and notifications through a bulk path (multi-row INSERTs in large transactions).
//! - `run` drives a running server over HTTP with concurrent virtual users through one scenario and
//!   reports throughput, latency percentiles, errors and the server's memory.
//! - `startup` starts a server command and measures the time to its first answered `/healthz`.
//!
//! Load only ever goes to loopback, and every run is bounded in request count and in time.

mod data;
mod fill;
mod run;
mod startup;

use clap::{Parser, Subcommand};

/// The one password every bench user gets, unless `--password` says otherwise.
pub const DEFAULT_PASSWORD: &str = "bench-password-2024";
/// Every bench user's e-mail ends with this.
pub const EMAIL_DOMAIN: &str = "bench.skranke";

#[derive(Parser)]
#[command(name = "skranke-bench", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate a database and fill it with N realistic tickets (bulk path).
    Fill(fill::FillArgs),
    /// Drive a running server over HTTP through one scenario and report the figures.
    Run(run::RunArgs),
    /// Start a server command and measure the time until /healthz first answers.
    Startup(startup::StartupArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        match cli.command {
            Command::Fill(a) => fill::fill(a).await,
            Command::Run(a) => run::run(a).await,
            Command::Startup(a) => startup::startup(a).await,
        }
    })
}

/// The loopback guard: the URL's host must be 127.0.0.0/8, `localhost` or `::1`.
pub fn require_loopback(url: &reqwest::Url) -> anyhow::Result<()> {
    let host = url
        .host_str()
        .ok_or_else(|| anyhow::anyhow!("the URL {url} has no host"))?;
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    anyhow::ensure!(
        loopback,
        "refusing to send load to {host}: only 127.0.0.0/8, localhost and ::1 are allowed"
    );
    Ok(())
}

/// The 1-minute load average, to print beside every figure (other work shares the machine).
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_is_accepted() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3/",
            "http://localhost:1",
            "http://[::1]:8080",
        ] {
            assert!(require_loopback(&ok.parse().unwrap()).is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1:8080",
            "http://example.com",
            "http://[::2]:1",
            "http://128.0.0.1",
        ] {
            assert!(require_loopback(&bad.parse().unwrap()).is_err(), "{bad}");
        }
    }
}
