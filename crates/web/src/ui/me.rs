//! The signed-in person's own pages: notifications and profile (language, API tokens).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use serde::Deserialize;
use skranke_app::AppError;

use super::ctx::{Chrome, Ctx, FormErr, OrFail, Page, render, render_status, see_other};
use super::view::{Opt, fmt_time, iso_time, role_label};

struct NoteView {
    message: String,
    url: String,
    num: String,
    read: bool,
    time: String,
    iso: String,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    c: Chrome,
    items: Vec<NoteView>,
    next_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CursorQuery {
    cursor: Option<String>,
}

pub async fn notifications(ctx: Ctx, Query(q): Query<CursorQuery>) -> Page {
    let cursor = q.cursor.as_deref().filter(|c| !c.is_empty());
    let page = ctx
        .app
        .notifications(&ctx.actor, cursor, None)
        .await
        .or_fail(&ctx)?;
    let items = page
        .items
        .into_iter()
        .map(|n| NoteView {
            message: crate::i18n::notification_text(ctx.tr, &n.kind, &n.data),
            url: n
                .ticket_number
                .map(|t| format!("/tickets/{t}"))
                .unwrap_or_default(),
            num: n
                .ticket_number
                .map(skranke_domain::ticket::format_number)
                .unwrap_or_default(),
            read: n.read,
            time: fmt_time(n.created_at),
            iso: iso_time(n.created_at),
        })
        .collect();
    let next_url = page
        .next_cursor
        .map(|c| {
            format!(
                "/notifications?{}",
                serde_urlencoded::to_string([("cursor", c)]).unwrap_or_default()
            )
        })
        .unwrap_or_default();
    Ok(render(&NotificationsPage {
        c: ctx.chrome("notifications").await,
        items,
        next_url,
    }))
}

pub async fn mark_read(ctx: Ctx) -> Page {
    ctx.app
        .mark_notifications_read(&ctx.actor)
        .await
        .or_fail(&ctx)?;
    ctx.flash("ok", ctx.t("notifications-marked")).await;
    Ok(see_other("/notifications"))
}

struct TokenView {
    id: i64,
    name: String,
    created: String,
    last_used: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    c: Chrome,
    name: String,
    email: String,
    role: String,
    locales: Vec<Opt>,
    tokens: Vec<TokenView>,
    new_token: String,
    token_name: String,
    err: FormErr,
}

const NEW_TOKEN_KEY: &str = "new_token";

async fn profile_page(
    ctx: &Ctx,
    err: FormErr,
    token_name: String,
) -> Result<ProfilePage, axum::response::Response> {
    let tr = ctx.tr;
    let tokens = ctx
        .app
        .list_tokens(&ctx.actor)
        .await
        .or_fail(ctx)?
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            created: fmt_time(t.created_at),
            last_used: t
                .last_used_at
                .map(fmt_time)
                .unwrap_or_else(|| tr.t("never")),
        })
        .collect();
    let new_token = ctx
        .session
        .remove::<String>(NEW_TOKEN_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let cur = ctx.actor.locale.clone().unwrap_or_default();
    let locales = vec![
        Opt::new("", tr.t("language-auto"), cur.is_empty()),
        Opt::new("en", "English", cur == "en"),
        Opt::new("da", "Dansk", cur == "da"),
    ];
    Ok(ProfilePage {
        c: ctx.chrome("profile").await,
        name: ctx.actor.name.clone(),
        email: ctx.actor.email.clone(),
        role: role_label(tr, ctx.actor.role),
        locales,
        tokens,
        new_token,
        token_name,
        err,
    })
}

pub async fn profile(ctx: Ctx) -> Page {
    Ok(render(
        &profile_page(&ctx, FormErr::default(), String::new()).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LocaleForm {
    locale: String,
}

pub async fn set_locale(ctx: Ctx, Form(f): Form<LocaleForm>) -> Page {
    let locale = f.locale.trim();
    match ctx
        .app
        .set_locale(&ctx.actor, (!locale.is_empty()).then_some(locale))
        .await
    {
        Ok(()) => {
            // The message is in the language just chosen.
            let lang = crate::i18n::Lang::from_code(locale).unwrap_or(ctx.tr.lang);
            ctx.flash("ok", crate::i18n::Tr::new(lang).t("language-saved"))
                .await;
            Ok(see_other("/profile"))
        }
        Err(e @ AppError::Invalid { .. }) => {
            let err = FormErr::from_app(ctx.tr, &e);
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &profile_page(&ctx, err, String::new()).await?,
            ))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(ctx: Ctx, Form(f): Form<TokenForm>) -> Page {
    let token = ctx
        .app
        .create_token(ctx.actor.id, &f.name)
        .await
        .or_fail(&ctx)?;
    let _ = ctx.session.insert(NEW_TOKEN_KEY, token.token).await;
    Ok(see_other("/profile#tokens"))
}

pub async fn revoke_token(ctx: Ctx, Path(id): Path<i64>) -> Page {
    ctx.app.revoke_token(&ctx.actor, id).await.or_fail(&ctx)?;
    ctx.flash("ok", ctx.t("token-revoked")).await;
    Ok(see_other("/profile#tokens"))
}
