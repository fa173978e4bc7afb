//! Settings from `skranke.toml` in the data dir, overridden by `SKRANKE_*` environment variables,
//! overridden by command-line flags. Each setting keeps its name across file, env and UI.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use skranke_app::RuntimeSettings;
use skranke_domain::parse_duration;

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub bind: String,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub public_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub autoclose_after: String,
    pub autoclose_reminder_before: String,
    pub reopen_window: String,
}

#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub bind: Option<String>,
}

impl Config {
    /// Reads file and environment; `overrides` are the command-line flags.
    pub fn load(overrides: &Overrides) -> anyhow::Result<Config> {
        let data_dir = overrides
            .data_dir
            .clone()
            .or_else(|| std::env::var_os("SKRANKE_DATA_DIR").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("./data"));
        Self::load_from(&data_dir, overrides, |k| std::env::var(k).ok())
    }

    pub fn load_from(
        data_dir: &Path,
        overrides: &Overrides,
        env: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Config> {
        let file = data_dir.join("skranke.toml");
        let mut b = config::Config::builder()
            .set_default("bind", "127.0.0.1:8080")?
            .set_default(
                "database_url",
                format!("sqlite://{}", data_dir.join("skranke.db").display()),
            )?
            .set_default("mail_from", "skranke@localhost")?
            .set_default("autoclose_after", "7d")?
            .set_default("autoclose_reminder_before", "2d")?
            .set_default("reopen_window", "14d")?
            .add_source(config::File::from(file).required(false));
        for key in [
            "bind",
            "database_url",
            "public_url",
            "smtp_url",
            "mail_from",
            "autoclose_after",
            "autoclose_reminder_before",
            "reopen_window",
        ] {
            if let Some(v) = env(&format!("SKRANKE_{}", key.to_uppercase())) {
                b = b.set_override(key, v)?;
            }
        }
        b = b.set_override("data_dir", data_dir.display().to_string())?;
        if let Some(v) = &overrides.database_url {
            b = b.set_override("database_url", v.as_str())?;
        }
        if let Some(v) = &overrides.bind {
            b = b.set_override("bind", v.as_str())?;
        }
        let config: Config = b.build()?.try_deserialize()?;
        config.runtime_defaults()?;
        Ok(config)
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
            .trim_end_matches('/')
            .to_string()
    }

    /// The defaults of the settings admins may change at run time.
    pub fn runtime_defaults(&self) -> anyhow::Result<RuntimeSettings> {
        let d = |name: &str, v: &str| {
            parse_duration(v).map_err(|e| anyhow::anyhow!("setting {name}: {e}"))
        };
        Ok(RuntimeSettings {
            autoclose_after: d("autoclose_after", &self.autoclose_after)?,
            autoclose_reminder_before: d(
                "autoclose_reminder_before",
                &self.autoclose_reminder_before,
            )?,
            reopen_window: d("reopen_window", &self.reopen_window)?,
            ..RuntimeSettings::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_file_and_flags_override_env() {
        let dir = std::env::temp_dir().join(format!("skranke-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("skranke.toml"),
            "bind = \"0.0.0.0:9000\"\nreopen_window = \"10d\"\n",
        )
        .unwrap();
        let env = |k: &str| (k == "SKRANKE_REOPEN_WINDOW").then(|| "3d".to_string());
        let c = Config::load_from(&dir, &Overrides::default(), env).unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(c.reopen_window, "3d");
        assert!(c.database_url.starts_with("sqlite://"));
        let flags = Overrides {
            bind: Some("127.0.0.1:1".into()),
            ..Default::default()
        };
        assert_eq!(
            Config::load_from(&dir, &flags, env).unwrap().bind,
            "127.0.0.1:1"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn bad_duration_is_refused() {
        let dir = std::env::temp_dir().join(format!("skranke-config-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let env = |k: &str| (k == "SKRANKE_AUTOCLOSE_AFTER").then(|| "seven days".to_string());
        assert!(Config::load_from(&dir, &Overrides::default(), env).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
