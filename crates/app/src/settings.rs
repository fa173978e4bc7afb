//! Run-time settings: defaults from the file and environment, overridden by what admins save in
//! the admin UI (the `settings` table). Each keeps one name across file, env and UI.

use serde::{Deserialize, Serialize};
use skranke_domain::{EventKind, Level, Millis, PriorityMatrix, format_duration, parse_duration};
use skranke_store::{Db, repo};

use crate::{Actor, App, AppError, AppResult};

/// How a level receives new tickets: assigned automatically, or kept in the level's queue for
/// agents to take (the Jira-style backlog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelMode {
    Auto,
    Queue,
}

impl LevelMode {
    pub fn as_str(self) -> &'static str {
        match self {
            LevelMode::Auto => "auto",
            LevelMode::Queue => "queue",
        }
    }

    pub fn parse(s: &str) -> Option<LevelMode> {
        match s {
            "auto" => Some(LevelMode::Auto),
            "queue" => Some(LevelMode::Queue),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuntimeSettings {
    pub signup_enabled: bool,
    pub level_modes: [LevelMode; 3],
    pub reopen_window: Millis,
    pub autoclose_after: Millis,
    pub autoclose_reminder_before: Millis,
    pub priority_matrix: PriorityMatrix,
}

impl Default for RuntimeSettings {
    fn default() -> Self {
        RuntimeSettings {
            signup_enabled: false,
            level_modes: [LevelMode::Auto; 3],
            reopen_window: 14 * skranke_domain::DAY_MS,
            autoclose_after: 7 * skranke_domain::DAY_MS,
            autoclose_reminder_before: 2 * skranke_domain::DAY_MS,
            priority_matrix: PriorityMatrix::default(),
        }
    }
}

impl RuntimeSettings {
    pub fn mode(&self, level: Level) -> LevelMode {
        self.level_modes[usize::from(level.get() - 1)]
    }

    pub(crate) async fn load(db: &Db, defaults: &RuntimeSettings) -> AppResult<RuntimeSettings> {
        let mut s = defaults.clone();
        let mut conn = db.reader().acquire().await?;
        for (key, value) in repo::settings::all(&mut conn).await? {
            // A value that no longer parses keeps the default rather than stopping the desk.
            if let Err(e) = s.apply(&key, &value) {
                tracing::warn!(key, value, error = %e, "ignoring stored setting");
            }
        }
        Ok(s)
    }

    /// Sets one setting from its text form, as typed in the admin UI.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), AppError> {
        let dur = |v: &str| parse_duration(v).map_err(|m| AppError::invalid(setting_field(key), m));
        match key {
            "signup_enabled" => self.signup_enabled = matches!(value, "true" | "on" | "1"),
            "level1_mode" | "level2_mode" | "level3_mode" => {
                let i = usize::from(key.as_bytes()[5] - b'1');
                self.level_modes[i] = LevelMode::parse(value)
                    .ok_or_else(|| AppError::invalid(setting_field(key), "choose auto or queue"))?;
            }
            "reopen_window" => self.reopen_window = dur(value)?,
            "autoclose_after" => self.autoclose_after = dur(value)?,
            "autoclose_reminder_before" => self.autoclose_reminder_before = dur(value)?,
            "priority_matrix" => {
                self.priority_matrix = serde_json::from_str(value)
                    .map_err(|e| AppError::invalid("priority_matrix", e.to_string()))?
            }
            _ => return Err(AppError::invalid("key", format!("unknown setting `{key}`"))),
        }
        Ok(())
    }

    /// The settings as (key, text) pairs, in the form `apply` reads.
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        vec![
            ("signup_enabled", self.signup_enabled.to_string()),
            ("level1_mode", self.level_modes[0].as_str().into()),
            ("level2_mode", self.level_modes[1].as_str().into()),
            ("level3_mode", self.level_modes[2].as_str().into()),
            ("reopen_window", format_duration(self.reopen_window)),
            ("autoclose_after", format_duration(self.autoclose_after)),
            (
                "autoclose_reminder_before",
                format_duration(self.autoclose_reminder_before),
            ),
            (
                "priority_matrix",
                serde_json::to_string(&self.priority_matrix).unwrap_or_default(),
            ),
        ]
    }
}

fn setting_field(key: &str) -> &'static str {
    match key {
        "reopen_window" => "reopen_window",
        "autoclose_after" => "autoclose_after",
        "autoclose_reminder_before" => "autoclose_reminder_before",
        "level1_mode" => "level1_mode",
        "level2_mode" => "level2_mode",
        "level3_mode" => "level3_mode",
        _ => "value",
    }
}

impl App {
    /// Admins change settings; every change is validated as a whole, stored and logged.
    pub async fn update_settings(
        &self,
        actor: &Actor,
        changes: &[(String, String)],
    ) -> AppResult<RuntimeSettings> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden(
                "only admins can change settings".into(),
            ));
        }
        let mut next = self.settings().await;
        for (k, v) in changes {
            next.apply(k, v.trim())?;
        }
        if next.autoclose_reminder_before >= next.autoclose_after {
            return Err(AppError::invalid(
                "autoclose_reminder_before",
                "the reminder must come before the auto-close",
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let old = self.settings().await;
        let mut changed = serde_json::Map::new();
        for ((key, new), (_, before)) in next.entries().into_iter().zip(old.entries()) {
            if new != before {
                repo::settings::set(&mut tx, key, &new, now).await?;
                changed.insert(key.into(), serde_json::json!({"from": before, "to": new}));
            }
        }
        if !changed.is_empty() {
            let data = serde_json::Value::Object(changed);
            repo::events::insert(
                &mut tx,
                repo::events::NewEvent {
                    ticket_id: None,
                    actor_id: Some(actor.id),
                    kind: EventKind::SettingsChanged.as_str(),
                    internal: true,
                    data: &data,
                    now,
                },
            )
            .await?;
        }
        tx.commit().await?;
        *self.settings.write().await = next.clone();
        Ok(next)
    }
}
