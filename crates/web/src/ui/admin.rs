//! Admin pages: users, run-time settings and the audit log.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use serde::Deserialize;
use skranke_app::users::{NewUser, User, UserQuery, UserUpdate};
use skranke_app::{AppError, LevelMode};
use skranke_domain::ticket::{format_number, parse_number};
use skranke_domain::{Impact, Priority, Role, Urgency, format_duration};

use super::ctx::{Chrome, Ctx, FormErr, OrFail, Page, render, render_status, see_other, status_of};
use super::view::{Opt, event_text, fmt_time, iso_time, role_label};

// ---------- users ----------

struct UserRowView {
    id: i64,
    name: String,
    email: String,
    role: String,
    level: String,
    active: bool,
    created: String,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    c: Chrome,
    rows: Vec<UserRowView>,
    roles: Vec<Opt>,
    next_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UsersQuery {
    role: Option<String>,
    cursor: Option<String>,
}

pub async fn users(ctx: Ctx, Query(q): Query<UsersQuery>) -> Page {
    ctx.require_admin()?;
    let tr = ctx.tr;
    let role_s = q.role.clone().unwrap_or_default();
    let role = role_s.parse::<Role>().ok();
    let page = ctx
        .app
        .list_users(
            &ctx.actor,
            &UserQuery {
                role,
                cursor: q.cursor.filter(|c| !c.is_empty()),
                limit: Some(100),
                ..Default::default()
            },
        )
        .await
        .or_fail(&ctx)?;
    let rows = page
        .items
        .iter()
        .map(|u| UserRowView {
            id: u.id,
            name: u.name.clone(),
            email: u.email.clone(),
            role: role_label(tr, u.role),
            level: u.level.map(|l| l.to_string()).unwrap_or_default(),
            active: u.active,
            created: fmt_time(u.created_at),
        })
        .collect();
    let mut roles = vec![Opt::new("", tr.t("filter-any"), role.is_none())];
    roles.extend(
        Role::ALL
            .iter()
            .map(|r| Opt::new(r.as_str(), role_label(tr, *r), role == Some(*r))),
    );
    let next_url = page
        .next_cursor
        .map(|c| {
            format!(
                "/admin/users?{}",
                serde_urlencoded::to_string([("role", role_s.as_str()), ("cursor", &c)])
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    Ok(render(&UsersPage {
        c: ctx.chrome("users").await,
        rows,
        roles,
        next_url,
    }))
}

#[derive(Template)]
#[template(path = "admin_user_form.html")]
struct UserFormPage {
    c: Chrome,
    is_new: bool,
    id: i64,
    name: String,
    email: String,
    roles: Vec<Opt>,
    levels: Vec<Opt>,
    active: bool,
    err: FormErr,
    pw_err: FormErr,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct UserForm {
    name: String,
    email: String,
    role: String,
    level: String,
    active: Option<String>,
    password: String,
}

fn role_opts(ctx: &Ctx, cur: &str) -> Vec<Opt> {
    Role::ALL
        .iter()
        .map(|r| Opt::new(r.as_str(), role_label(ctx.tr, *r), cur == r.as_str()))
        .collect()
}

fn user_level_opts(ctx: &Ctx, cur: &str) -> Vec<Opt> {
    let mut v = vec![Opt::new("", ctx.t("level-none"), cur.is_empty())];
    for n in 1..=3 {
        let s = n.to_string();
        let sel = cur == s;
        v.push(Opt::new(
            s.clone(),
            ctx.tr.a("level-n", &[("level", &s)]),
            sel,
        ));
    }
    v
}

async fn user_form(
    ctx: &Ctx,
    is_new: bool,
    id: i64,
    f: &UserForm,
    active: bool,
    err: FormErr,
    pw_err: FormErr,
) -> UserFormPage {
    UserFormPage {
        c: ctx.chrome("users").await,
        is_new,
        id,
        name: f.name.clone(),
        email: f.email.clone(),
        roles: role_opts(ctx, &f.role),
        levels: user_level_opts(ctx, &f.level),
        active,
        err,
        pw_err,
    }
}

fn parse_role(s: &str) -> Result<Role, AppError> {
    s.parse::<Role>()
        .map_err(|e| AppError::invalid("role", e.to_string()))
}

fn parse_level(s: &str) -> Result<Option<i64>, AppError> {
    match s.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid("level", "the level must be 1, 2 or 3")),
    }
}

pub async fn new_user_page(ctx: Ctx) -> Page {
    ctx.require_admin()?;
    let f = UserForm {
        role: "customer".into(),
        ..Default::default()
    };
    Ok(render(
        &user_form(
            &ctx,
            true,
            0,
            &f,
            true,
            FormErr::default(),
            FormErr::default(),
        )
        .await,
    ))
}

pub async fn create_user(ctx: Ctx, Form(f): Form<UserForm>) -> Page {
    ctx.require_admin()?;
    let r = match (parse_role(&f.role), parse_level(&f.level)) {
        (Ok(role), Ok(level)) => {
            let password = Some(f.password.clone()).filter(|p| !p.is_empty());
            ctx.app
                .create_user(
                    Some(&ctx.actor),
                    NewUser {
                        email: f.email.clone(),
                        name: f.name.clone(),
                        role,
                        level,
                        password,
                    },
                )
                .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match r {
        Ok(u) => {
            ctx.flash("ok", ctx.tr.a("user-created", &[("name", &u.name)]))
                .await;
            Ok(see_other(&format!("/admin/users/{}", u.id)))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = status_of(&e);
            let page = user_form(
                &ctx,
                true,
                0,
                &f,
                true,
                FormErr::from_app(ctx.tr, &e),
                FormErr::default(),
            )
            .await;
            Ok(render_status(status, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

fn form_of(u: &User) -> UserForm {
    UserForm {
        name: u.name.clone(),
        email: u.email.clone(),
        role: u.role.as_str().into(),
        level: u.level.map(|l| l.to_string()).unwrap_or_default(),
        active: u.active.then(|| "on".into()),
        password: String::new(),
    }
}

pub async fn edit_user_page(ctx: Ctx, Path(id): Path<i64>) -> Page {
    ctx.require_admin()?;
    let u = ctx.app.user(id).await.or_fail(&ctx)?;
    Ok(render(
        &user_form(
            &ctx,
            false,
            id,
            &form_of(&u),
            u.active,
            FormErr::default(),
            FormErr::default(),
        )
        .await,
    ))
}

pub async fn update_user(ctx: Ctx, Path(id): Path<i64>, Form(f): Form<UserForm>) -> Page {
    ctx.require_admin()?;
    let active = f.active.as_deref().is_some_and(|v| !v.is_empty());
    let r = match (parse_role(&f.role), parse_level(&f.level)) {
        (Ok(role), Ok(level)) => {
            ctx.app
                .update_user(
                    &ctx.actor,
                    id,
                    UserUpdate {
                        email: f.email.clone(),
                        name: f.name.clone(),
                        role,
                        level,
                        active,
                    },
                )
                .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match r {
        Ok(u) => {
            ctx.flash("ok", ctx.tr.a("user-saved", &[("name", &u.name)]))
                .await;
            Ok(see_other(&format!("/admin/users/{id}")))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = status_of(&e);
            let page = user_form(
                &ctx,
                false,
                id,
                &f,
                active,
                FormErr::from_app(ctx.tr, &e),
                FormErr::default(),
            )
            .await;
            Ok(render_status(status, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
}

pub async fn reset_password(ctx: Ctx, Path(id): Path<i64>, Form(f): Form<PasswordForm>) -> Page {
    ctx.require_admin()?;
    match ctx.app.reset_password(&ctx.actor, id, &f.password).await {
        Ok(()) => {
            ctx.flash("ok", ctx.t("password-reset-done")).await;
            Ok(see_other(&format!("/admin/users/{id}")))
        }
        Err(e @ AppError::Invalid { .. }) => {
            let u = ctx.app.user(id).await.or_fail(&ctx)?;
            let page = user_form(
                &ctx,
                false,
                id,
                &form_of(&u),
                u.active,
                FormErr::default(),
                FormErr::from_app(ctx.tr, &e),
            )
            .await;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

// ---------- settings ----------

struct ModeRow {
    name: String,
    label: String,
    opts: Vec<Opt>,
}

struct MatrixRow {
    label: String,
    cells: Vec<MatrixCell>,
}

struct MatrixCell {
    name: String,
    label: String,
    opts: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    c: Chrome,
    signup_enabled: bool,
    modes: Vec<ModeRow>,
    reopen_window: String,
    autoclose_after: String,
    autoclose_reminder_before: String,
    urgency_heads: Vec<String>,
    matrix: Vec<MatrixRow>,
    err: FormErr,
}

fn settings_page_of(
    ctx: &Ctx,
    c: Chrome,
    vals: &HashMap<String, String>,
    err: FormErr,
) -> SettingsPage {
    let tr = ctx.tr;
    let get = |k: &str| vals.get(k).cloned().unwrap_or_default();
    let modes = (1..=3)
        .map(|n| {
            let name = format!("level{n}_mode");
            let cur = get(&name);
            ModeRow {
                label: tr.a("settings-level-mode", &[("level", &n.to_string())]),
                opts: [LevelMode::Auto, LevelMode::Queue]
                    .iter()
                    .map(|m| {
                        Opt::new(
                            m.as_str(),
                            tr.t(&format!("mode-{}", m.as_str())),
                            cur == m.as_str(),
                        )
                    })
                    .collect(),
                name,
            }
        })
        .collect();
    let matrix = Impact::ALL
        .iter()
        .map(|i| MatrixRow {
            label: tr.t(&format!("level-{}", i.as_str())),
            cells: Urgency::ALL
                .iter()
                .map(|u| {
                    let name = format!("m_{}_{}", i.as_str(), u.as_str());
                    let cur = get(&name);
                    MatrixCell {
                        label: tr.a(
                            "settings-matrix-cell",
                            &[
                                ("impact", &tr.t(&format!("level-{}", i.as_str()))),
                                ("urgency", &tr.t(&format!("level-{}", u.as_str()))),
                            ],
                        ),
                        opts: Priority::ALL
                            .iter()
                            .map(|p| Opt::new(p.as_str(), p.label(), cur == p.as_str()))
                            .collect(),
                        name,
                    }
                })
                .collect(),
        })
        .collect();
    SettingsPage {
        c,
        signup_enabled: matches!(get("signup_enabled").as_str(), "true" | "on"),
        modes,
        reopen_window: get("reopen_window"),
        autoclose_after: get("autoclose_after"),
        autoclose_reminder_before: get("autoclose_reminder_before"),
        urgency_heads: Urgency::ALL
            .iter()
            .map(|u| tr.t(&format!("level-{}", u.as_str())))
            .collect(),
        matrix,
        err,
    }
}

pub async fn settings_page(ctx: Ctx) -> Page {
    ctx.require_admin()?;
    let s = ctx.app.settings().await;
    let mut vals: HashMap<String, String> = HashMap::new();
    vals.insert("signup_enabled".into(), s.signup_enabled.to_string());
    for (i, m) in s.level_modes.iter().enumerate() {
        vals.insert(format!("level{}_mode", i + 1), m.as_str().into());
    }
    vals.insert("reopen_window".into(), format_duration(s.reopen_window));
    vals.insert("autoclose_after".into(), format_duration(s.autoclose_after));
    vals.insert(
        "autoclose_reminder_before".into(),
        format_duration(s.autoclose_reminder_before),
    );
    for i in Impact::ALL {
        for u in Urgency::ALL {
            vals.insert(
                format!("m_{}_{}", i.as_str(), u.as_str()),
                s.priority_matrix.priority(*i, *u).as_str().into(),
            );
        }
    }
    let c = ctx.chrome("settings").await;
    Ok(render(&settings_page_of(
        &ctx,
        c,
        &vals,
        FormErr::default(),
    )))
}

pub async fn save_settings(ctx: Ctx, Form(form): Form<Vec<(String, String)>>) -> Page {
    ctx.require_admin()?;
    let mut vals: HashMap<String, String> = form
        .into_iter()
        .filter(|(k, _)| k != "csrf_token")
        .collect();
    let signup = vals.get("signup_enabled").is_some_and(|v| !v.is_empty());
    vals.insert("signup_enabled".into(), signup.to_string());
    let mut changes: Vec<(String, String)> = Vec::new();
    for key in [
        "signup_enabled",
        "level1_mode",
        "level2_mode",
        "level3_mode",
        "reopen_window",
        "autoclose_after",
        "autoclose_reminder_before",
    ] {
        if let Some(v) = vals.get(key) {
            changes.push((key.into(), v.clone()));
        }
    }
    let matrix: Vec<Vec<String>> = Impact::ALL
        .iter()
        .map(|i| {
            Urgency::ALL
                .iter()
                .map(|u| {
                    vals.get(&format!("m_{}_{}", i.as_str(), u.as_str()))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    if matrix.iter().flatten().all(|v| !v.is_empty()) {
        changes.push((
            "priority_matrix".into(),
            serde_json::to_string(&matrix).unwrap_or_default(),
        ));
    }
    match ctx.app.update_settings(&ctx.actor, &changes).await {
        Ok(_) => {
            ctx.flash("ok", ctx.t("settings-saved")).await;
            Ok(see_other("/admin/settings"))
        }
        Err(e @ AppError::Invalid { .. }) => {
            let err = FormErr::from_app(ctx.tr, &e);
            let c = ctx.chrome("settings").await;
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &settings_page_of(&ctx, c, &vals, err),
            ))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

// ---------- audit ----------

struct AuditRow {
    time: String,
    iso: String,
    actor: String,
    num: String,
    url: String,
    kind: String,
    text: String,
    internal: bool,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    c: Chrome,
    rows: Vec<AuditRow>,
    actors: Vec<Opt>,
    kinds: Vec<Opt>,
    ticket: String,
    from: String,
    to: String,
    next_url: String,
    err: FormErr,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditParams {
    actor: Option<String>,
    ticket: Option<String>,
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    cursor: Option<String>,
}

pub async fn audit(ctx: Ctx, Query(q): Query<AuditParams>) -> Page {
    ctx.require_admin()?;
    let tr = ctx.tr;
    let s = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_string();
    let (actor_s, ticket_s, kind_s, from_s, to_s) =
        (s(&q.actor), s(&q.ticket), s(&q.kind), s(&q.from), s(&q.to));
    let mut err = FormErr::default();
    let mut query = skranke_app::log::AuditQuery {
        actor_id: actor_s.parse().ok(),
        kind: (!kind_s.is_empty()).then(|| kind_s.clone()),
        cursor: q.cursor.clone().filter(|c| !c.is_empty()),
        ..Default::default()
    };
    if !ticket_s.is_empty() {
        match parse_number(&ticket_s) {
            Some(n) => query.ticket_number = Some(n),
            None => {
                err = FormErr {
                    field: "ticket".into(),
                    message: tr.t("audit-bad-ticket"),
                }
            }
        }
    }
    if !from_s.is_empty() {
        match super::view::parse_date(&from_s) {
            Some(ms) => query.from = Some(ms),
            None => {
                err = FormErr {
                    field: "from".into(),
                    message: tr.t("audit-bad-date"),
                }
            }
        }
    }
    if !to_s.is_empty() {
        match super::view::parse_date(&to_s) {
            Some(ms) => query.until = Some(ms + skranke_domain::DAY_MS - 1),
            None => {
                err = FormErr {
                    field: "to".into(),
                    message: tr.t("audit-bad-date"),
                }
            }
        }
    }
    let page = ctx.app.audit(&ctx.actor, &query).await.or_fail(&ctx)?;
    let users = ctx
        .app
        .list_users(
            &ctx.actor,
            &UserQuery {
                limit: Some(200),
                ..Default::default()
            },
        )
        .await
        .or_fail(&ctx)?
        .items;
    let names: HashMap<i64, String> = users.iter().map(|u| (u.id, u.name.clone())).collect();
    let rows = page
        .items
        .iter()
        .map(|e| AuditRow {
            time: fmt_time(e.created_at),
            iso: iso_time(e.created_at),
            actor: e.actor_name.clone().unwrap_or_else(|| tr.t("system-actor")),
            num: e.ticket_number.map(format_number).unwrap_or_default(),
            url: e
                .ticket_number
                .map(|n| format!("/tickets/{n}"))
                .unwrap_or_default(),
            kind: e.kind.clone(),
            text: event_text(tr, e, &names),
            internal: e.internal,
        })
        .collect();
    let mut actors = vec![Opt::new("", tr.t("filter-anyone"), actor_s.is_empty())];
    actors.extend(users.iter().map(|u| {
        let v = u.id.to_string();
        let sel = v == actor_s;
        Opt::new(v, format!("{} <{}>", u.name, u.email), sel)
    }));
    let mut kinds = vec![Opt::new("", tr.t("filter-any"), kind_s.is_empty())];
    kinds.extend(
        ctx.app
            .event_kinds()
            .await
            .or_fail(&ctx)?
            .into_iter()
            .map(|k| {
                let sel = k == kind_s;
                Opt::new(k.clone(), k, sel)
            }),
    );
    let next_url = page
        .next_cursor
        .map(|c| {
            let qs = serde_urlencoded::to_string([
                ("actor", actor_s.as_str()),
                ("ticket", ticket_s.as_str()),
                ("kind", kind_s.as_str()),
                ("from", from_s.as_str()),
                ("to", to_s.as_str()),
                ("cursor", c.as_str()),
            ])
            .unwrap_or_default();
            format!("/admin/audit?{qs}")
        })
        .unwrap_or_default();
    let c = ctx.chrome("audit").await;
    let status = if err.any() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok(render_status(
        status,
        &AuditPage {
            c,
            rows,
            actors,
            kinds,
            ticket: ticket_s,
            from: from_s,
            to: to_s,
            next_url,
            err,
        },
    ))
}
