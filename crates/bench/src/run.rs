//! `run`: C virtual users, each with its own HTTP client and its own session or token, drive a
//! running server through one scenario until N requests are done or the time is up.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::{Client, Method, StatusCode, Url};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::data::{self, Lang};
use crate::{DEFAULT_PASSWORD, EMAIL_DOMAIN};

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Scenario {
    /// Customers create tickets: POST /api/v1/tickets.
    Create,
    /// Agents comment on their own open tickets: POST /api/v1/tickets/{n}/comments.
    Comment,
    /// Agents load their queue page (HTML): GET /work, logged in through the UI.
    QueuePage,
    /// Agents load random ticket pages (HTML): GET /tickets/{n}.
    TicketPage,
    /// GET /api/v1/tickets?status=open&level=1&sort=priority&limit=50 as an agent.
    ApiList,
    /// GET /api/v1/tickets?q=printer as an agent.
    Search,
}

impl Scenario {
    fn ui(self) -> bool {
        matches!(self, Scenario::QueuePage | Scenario::TicketPage)
    }
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// The server's base URL, e.g. http://127.0.0.1:8088 (loopback only).
    #[arg(long)]
    url: String,
    #[arg(long, value_enum)]
    scenario: Scenario,
    /// Concurrent virtual users.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Measured requests in all (the run stops at this count or at --duration-secs).
    #[arg(long, default_value_t = 5000)]
    requests: u64,
    #[arg(long, default_value_t = 60)]
    duration_secs: u64,
    /// Unmeasured requests first (warms the server's caches).
    #[arg(long, default_value_t = 0)]
    warmup: u64,
    /// The server's pid, to report its peak (VmHWM) and current (VmRSS) memory and CPU use.
    #[arg(long)]
    server_pid: Option<u32>,
    #[arg(long, default_value = DEFAULT_PASSWORD)]
    password: String,
    /// The first ticket number for the ticket page (numbers start at 1001).
    #[arg(long, default_value_t = 1001)]
    first_number: i64,
    /// Use only agents of this level (default: all bench agents).
    #[arg(long)]
    agent_level: Option<i64>,
    /// The search scenario's query.
    #[arg(long, default_value = "printer")]
    query: String,
    /// How many virtual users log in at once during setup (default: all). Each login makes the
    /// server verify an Argon2 hash (19 MiB of memory).
    #[arg(long)]
    login_concurrency: Option<usize>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// What every virtual user shares.
struct Shared {
    base: Url,
    scenario: Scenario,
    first_number: i64,
    last_number: i64,
    search_path: String,
}

struct VirtualUser {
    http: Client,
    token: Option<String>,
    /// The comment scenario's open tickets of this agent.
    tickets: Vec<i64>,
    rng: StdRng,
}

/// One result: latency and, for a failure, what went wrong.
struct Outcome {
    latency: Duration,
    error: Option<String>,
}

fn client(cookies: bool) -> Result<Client> {
    Ok(Client::builder()
        .cookie_store(cookies)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(1)
        .build()?)
}

async fn api_token(http: &Client, base: &Url, email: &str, password: &str) -> Result<String> {
    let r = http
        .post(base.join("/api/v1/auth/token")?)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await?;
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(
        status.is_success(),
        "token for {email}: HTTP {status}: {body}"
    );
    body["token"]
        .as_str()
        .map(String::from)
        .with_context(|| format!("token for {email}: no token in {body}"))
}

/// Logs in through the UI like a browser: GET /login for the session cookie and the CSRF token,
/// then POST the form.
async fn ui_login(http: &Client, base: &Url, email: &str, password: &str) -> Result<()> {
    let page = http.get(base.join("/login")?).send().await?.text().await?;
    let marker = "name=\"csrf_token\" value=\"";
    let start = page
        .find(marker)
        .map(|i| i + marker.len())
        .context("no csrf_token on the login page")?;
    let end = page[start..]
        .find('"')
        .map(|i| start + i)
        .context("unterminated csrf_token")?;
    let csrf = &page[start..end];
    let r = http
        .post(base.join("/login")?)
        .form(&[
            ("csrf_token", csrf),
            ("email", email),
            ("password", password),
            ("next", ""),
        ])
        .send()
        .await?;
    anyhow::ensure!(
        r.status() == StatusCode::SEE_OTHER,
        "UI login of {email}: HTTP {} (expected a redirect)",
        r.status()
    );
    Ok(())
}

async fn get_json(http: &Client, url: Url, token: &str) -> Result<Value> {
    let r = http.get(url.clone()).bearer_auth(token).send().await?;
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status.is_success(), "GET {url}: HTTP {status}: {body}");
    Ok(body)
}

impl VirtualUser {
    async fn request(&mut self, s: &Shared) -> Result<Outcome> {
        let (method, path, body): (Method, String, Option<Value>) = match s.scenario {
            Scenario::Create => {
                let lang = if self.rng.gen_bool(0.35) {
                    Lang::Da
                } else {
                    Lang::En
                };
                let (title, incident) = data::title(&mut self.rng, lang);
                let urgency = ["high", "medium", "low"][self.rng.gen_range(0..3)];
                let body = json!({
                    "title": title,
                    "description": data::description(&mut self.rng, lang),
                    "type": if incident { "incident" } else { "request" },
                    "urgency": urgency,
                });
                (Method::POST, "/api/v1/tickets".into(), Some(body))
            }
            Scenario::Comment => {
                let n = self.tickets[self.rng.gen_range(0..self.tickets.len())];
                let body = json!({
                    "body": data::agent_comment(&mut self.rng),
                    "internal": self.rng.gen_bool(0.2),
                });
                (
                    Method::POST,
                    format!("/api/v1/tickets/{n}/comments"),
                    Some(body),
                )
            }
            Scenario::QueuePage => (Method::GET, "/work".into(), None),
            Scenario::TicketPage => {
                let n = self.rng.gen_range(s.first_number..=s.last_number);
                (Method::GET, format!("/tickets/{n}"), None)
            }
            Scenario::ApiList => (
                Method::GET,
                "/api/v1/tickets?status=open&level=1&sort=priority&limit=50".into(),
                None,
            ),
            Scenario::Search => (Method::GET, s.search_path.clone(), None),
        };
        let url = s.base.join(&path)?;
        let mut req = self.http.request(method.clone(), url);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = &body {
            req = req.json(b);
        }
        let started = Instant::now();
        let result = req.send().await;
        let (status, text) = match result {
            Ok(r) => {
                let status = r.status();
                let text = r.bytes().await;
                (Some(status), text.map_err(|e| e.to_string()))
            }
            Err(e) => (None, Err(e.to_string())),
        };
        let latency = started.elapsed();
        let error = match (status, text) {
            (None, Err(e)) | (Some(_), Err(e)) => Some(format!("{method} {path}: {e}")),
            (Some(st), Ok(bytes)) => {
                // Pages must render; a redirect there means the session was lost.
                let ok = if s.scenario.ui() {
                    st == StatusCode::OK
                } else {
                    st.is_success() || st.is_redirection()
                };
                (!ok).then(|| {
                    let snippet: String =
                        String::from_utf8_lossy(&bytes).chars().take(200).collect();
                    format!("{method} {path}: HTTP {st}: {snippet}")
                })
            }
            (None, Ok(_)) => unreachable!("a body without a response"),
        };
        Ok(Outcome { latency, error })
    }
}

/// Sets up one virtual user: its client, and its token or UI session.
async fn make_user(
    i: usize,
    s: &Shared,
    agents: &[(String, i64)],
    password: &str,
    seed: u64,
) -> Result<VirtualUser> {
    let http = client(s.scenario.ui())?;
    let rng = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
    let email = if s.scenario == Scenario::Create {
        format!("customer{}@{EMAIL_DOMAIN}", i + 1)
    } else {
        agents[i % agents.len()].0.clone()
    };
    let mut user = VirtualUser {
        http,
        token: None,
        tickets: vec![],
        rng,
    };
    if s.scenario.ui() {
        ui_login(&user.http, &s.base, &email, password).await?;
    } else {
        user.token = Some(api_token(&user.http, &s.base, &email, password).await?);
    }
    if s.scenario == Scenario::Comment {
        let token = user.token.as_deref().unwrap_or_default();
        let list = get_json(
            &user.http,
            s.base
                .join("/api/v1/tickets?assignee=me&status=open&limit=200")?,
            token,
        )
        .await?;
        user.tickets = list["items"]
            .as_array()
            .map(|a| a.iter().filter_map(|t| t["number"].as_i64()).collect())
            .unwrap_or_default();
        anyhow::ensure!(
            !user.tickets.is_empty(),
            "{email} has no open tickets to comment on"
        );
    }
    Ok(user)
}

struct Collected {
    latencies: Vec<Duration>,
    errors: u64,
    first_errors: Vec<String>,
}

/// Runs the users until `count` requests are issued or `deadline` passes; returns what the
/// measured requests gave and the wall time.
async fn drive(
    users: Vec<VirtualUser>,
    s: Arc<Shared>,
    count: u64,
    deadline: Instant,
) -> (Vec<VirtualUser>, Collected, Duration) {
    let issued = Arc::new(AtomicU64::new(0));
    let collected = Arc::new(Mutex::new(Collected {
        latencies: Vec::with_capacity(count as usize),
        errors: 0,
        first_errors: vec![],
    }));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for mut u in users {
        let issued = issued.clone();
        let collected = collected.clone();
        let s = s.clone();
        tasks.spawn(async move {
            let mut mine = Vec::new();
            let mut errors = Vec::new();
            while issued.fetch_add(1, Ordering::Relaxed) < count && Instant::now() < deadline {
                match u.request(&s).await {
                    Ok(o) => {
                        mine.push(o.latency);
                        if let Some(e) = o.error {
                            errors.push(e);
                        }
                    }
                    Err(e) => errors.push(e.to_string()),
                }
            }
            let mut c = collected.lock().await;
            c.latencies.extend(mine);
            c.errors += errors.len() as u64;
            for e in errors {
                if c.first_errors.len() < 5 {
                    c.first_errors.push(e);
                }
            }
            u
        });
    }
    let mut users = Vec::new();
    while let Some(r) = tasks.join_next().await {
        if let Ok(u) = r {
            users.push(u);
        }
    }
    let wall = started.elapsed();
    let c = Arc::try_unwrap(collected)
        .map(Mutex::into_inner)
        .unwrap_or_else(|_| Collected {
            latencies: vec![],
            errors: 0,
            first_errors: vec!["results lost".into()],
        });
    (users, c, wall)
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (VmHWM, VmRSS) in MiB.
fn memory(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// User + system CPU seconds the process has used (clock ticks are 100 Hz on Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

pub async fn run(a: RunArgs) -> Result<()> {
    let base: Url = a.url.parse().context("--url")?;
    crate::require_loopback(&base)?;
    anyhow::ensure!(a.clients >= 1, "--clients must be at least 1");
    let setup_started = Instant::now();

    // The admin finds the bench agents and the newest ticket number.
    let admin_http = client(false)?;
    let admin_token = api_token(
        &admin_http,
        &base,
        &format!("admin@{EMAIL_DOMAIN}"),
        &a.password,
    )
    .await
    .context("logging in the bench admin (run `skranke-bench fill` first)")?;
    let users = get_json(
        &admin_http,
        base.join("/api/v1/users?role=agent&limit=200")?,
        &admin_token,
    )
    .await?;
    let mut agents: Vec<(String, i64)> = users["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|u| u["active"].as_bool() == Some(true))
                .filter_map(|u| {
                    let email = u["email"].as_str()?;
                    email
                        .ends_with(&format!("@{EMAIL_DOMAIN}"))
                        .then(|| (email.to_string(), u["level"].as_i64().unwrap_or(1)))
                })
                .collect()
        })
        .unwrap_or_default();
    agents.retain(|(_, level)| a.agent_level.is_none_or(|l| l == *level));
    agents.sort();
    anyhow::ensure!(!agents.is_empty(), "no bench agents found (at that level)");
    let newest = get_json(
        &admin_http,
        base.join("/api/v1/tickets?limit=1")?,
        &admin_token,
    )
    .await?;
    let last_number = newest["items"][0]["number"]
        .as_i64()
        .unwrap_or(a.first_number);
    let shared = Arc::new(Shared {
        base: base.clone(),
        scenario: a.scenario,
        first_number: a.first_number.min(last_number),
        last_number,
        search_path: {
            let mut u = base.join("/api/v1/tickets")?;
            u.query_pairs_mut().append_pair("q", &a.query);
            format!("{}?{}", u.path(), u.query().unwrap_or_default())
        },
    });
    let gate = Arc::new(tokio::sync::Semaphore::new(
        a.login_concurrency.unwrap_or(a.clients).max(1),
    ));

    let mut logins = tokio::task::JoinSet::new();
    for i in 0..a.clients {
        let s = shared.clone();
        let agents = agents.clone();
        let password = a.password.clone();
        let seed = a.seed;
        let gate = gate.clone();
        logins.spawn(async move {
            let _permit = gate.acquire().await?;
            make_user(i, &s, &agents, &password, seed).await
        });
    }
    let mut users = Vec::new();
    while let Some(r) = logins.join_next().await {
        users.push(r??);
    }
    let setup = setup_started.elapsed();
    // Logins hash passwords (Argon2, 19 MiB each), so memory after setup is worth seeing apart.
    let rss_after_setup = a.server_pid.and_then(memory).map(|(_, rss)| rss);

    if a.warmup > 0 {
        let deadline = Instant::now() + Duration::from_secs(a.duration_secs);
        let (u, c, _) = drive(users, shared.clone(), a.warmup, deadline).await;
        users = u;
        if c.errors > 0 {
            eprintln!(
                "warm-up: {} errors, first: {:?}",
                c.errors,
                c.first_errors.first()
            );
        }
    }

    let load_before = crate::loadavg();
    let cpu_before = a.server_pid.and_then(cpu_seconds);
    let deadline = Instant::now() + Duration::from_secs(a.duration_secs);
    let (_users, mut c, wall) = drive(users, shared.clone(), a.requests, deadline).await;
    let cpu_after = a.server_pid.and_then(cpu_seconds);
    let load_after = crate::loadavg();

    c.latencies.sort_unstable();
    let done = c.latencies.len() as u64;
    let stopped_by = if done >= a.requests { "count" } else { "time" };
    let rps = done as f64 / wall.as_secs_f64();
    let (p50, p95, p99) = (
        percentile(&c.latencies, 50.0),
        percentile(&c.latencies, 95.0),
        percentile(&c.latencies, 99.0),
    );
    let max = c.latencies.last().copied().unwrap_or_default();
    let mean = if done > 0 {
        c.latencies.iter().sum::<Duration>() / done as u32
    } else {
        Duration::ZERO
    };
    let scenario = format!("{:?}", a.scenario);
    println!(
        "scenario {scenario}: {} clients, {done} requests in {:.2} s (stopped by {stopped_by}); setup {:.1} s",
        a.clients,
        wall.as_secs_f64(),
        setup.as_secs_f64()
    );
    println!("  throughput  {rps:.1} req/s");
    println!(
        "  latency ms  p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}  (mean {:.2})",
        ms(p50),
        ms(p95),
        ms(p99),
        ms(max),
        ms(mean)
    );
    println!("  errors      {}", c.errors);
    for e in &c.first_errors {
        println!("    {e}");
    }
    let mut mem = String::from("-");
    let mut cpu = String::from("-");
    if let Some(pid) = a.server_pid {
        match memory(pid) {
            Some((hwm, rss)) => {
                println!(
                    "  server      pid {pid}: VmHWM (peak RSS) {hwm:.1} MiB, VmRSS {rss:.1} MiB \
                     (VmRSS after the logins: {:.1} MiB)",
                    rss_after_setup.unwrap_or(0.0)
                );
                mem = format!("{hwm:.0}");
            }
            None => println!("  server      pid {pid}: no /proc entry"),
        }
        if let (Some(b), Some(e)) = (cpu_before, cpu_after) {
            let cores = (e - b) / wall.as_secs_f64();
            println!("  server CPU  {:.2} s = {cores:.2} cores on average", e - b);
            cpu = format!("{cores:.2}");
        }
    }
    println!("  load        before {load_before}; after {load_after}");
    println!(
        "| {scenario} | {} | {done} | {rps:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {mem} | {cpu} | {} |",
        a.clients,
        ms(p50),
        ms(p95),
        ms(p99),
        ms(max),
        c.errors,
        load_after.split_whitespace().next().unwrap_or("?"),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&v, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&v, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 99.0), Duration::ZERO);
        assert_eq!(
            percentile(&[Duration::from_millis(7)], 1.0),
            Duration::from_millis(7)
        );
    }
}
