//! The service catalog as data: the list everyone signed in reads (with a shortcut to a ticket
//! for a covered service), and the admins' pages that keep it, together with the choice of the
//! SLA and Service catalog documents.

use askama::Template;
use axum::Form;
use axum::extract::Path;
use serde::Deserialize;
use skranke_app::AppError;
use skranke_app::documents::DocumentQuery;
use skranke_app::services::{NewService, Service, ServiceChanges};
use skranke_domain::{Impact, TicketType, Urgency};

use super::ctx::{Chrome, Ctx, FormErr, OrFail, Page, render, render_status, see_other, status_of};
use super::view::{Opt, hml_opts, impact_label, type_label, type_opts, urgency_label};
use crate::i18n::Tr;

struct ServiceView {
    id: i64,
    name: String,
    description: String,
    ticket_type: &'static str,
    type_label: String,
    impact: String,
    urgency: String,
    covered: bool,
    reason: String,
    active: bool,
    new_ticket_url: String,
}

impl ServiceView {
    fn new(tr: Tr, internal: bool, s: &Service) -> ServiceView {
        let new_ticket = if internal {
            "/tickets/new"
        } else {
            "/portal/new"
        };
        ServiceView {
            id: s.id,
            name: s.name.clone(),
            description: s.description.clone(),
            ticket_type: s.ticket_type.as_str(),
            type_label: type_label(tr, s.ticket_type),
            impact: impact_label(tr, s.default_impact),
            urgency: urgency_label(tr, s.default_urgency),
            covered: s.covered,
            reason: s.not_covered_reason.clone().unwrap_or_default(),
            active: s.active,
            new_ticket_url: format!("{new_ticket}?service={}", s.id),
        }
    }
}

// ---------- the catalog for everyone ----------

#[derive(Template)]
#[template(path = "services.html")]
struct CatalogPage {
    c: Chrome,
    rows: Vec<ServiceView>,
    admin: bool,
}

pub async fn catalog(ctx: Ctx) -> Page {
    let services = ctx.app.services(&ctx.actor, false).await.or_fail(&ctx)?;
    let internal = ctx.actor.is_internal();
    Ok(render(&CatalogPage {
        rows: services
            .iter()
            .map(|s| ServiceView::new(ctx.tr, internal, s))
            .collect(),
        admin: ctx.actor.is_admin(),
        c: ctx.chrome("services").await,
    }))
}

// ---------- admin: the catalog and the designated documents ----------

#[derive(Template)]
#[template(path = "admin_services.html")]
struct AdminPage {
    c: Chrome,
    rows: Vec<ServiceView>,
    sla_opts: Vec<Opt>,
    catalog_opts: Vec<Opt>,
}

pub async fn admin_list(ctx: Ctx) -> Page {
    ctx.require_admin()?;
    let tr = ctx.tr;
    let services = ctx.app.services(&ctx.actor, true).await.or_fail(&ctx)?;
    let docs = ctx
        .app
        .documents(
            &ctx.actor,
            &DocumentQuery {
                limit: Some(200),
                ..Default::default()
            },
        )
        .await
        .or_fail(&ctx)?
        .items;
    let c = ctx.chrome("admin-services").await;
    let opts = |current: &Option<(i64, String)>| {
        let cur = current.as_ref().map(|(id, _)| *id);
        let mut v = vec![Opt::new("", tr.t("designation-none"), cur.is_none())];
        v.extend(
            docs.iter()
                .map(|d| Opt::new(d.id.to_string(), d.title.clone(), Some(d.id) == cur)),
        );
        // The designated document is always a choice, even beyond the first 200.
        if let Some((id, title)) = current
            && !docs.iter().any(|d| d.id == *id)
        {
            v.push(Opt::new(id.to_string(), title.clone(), true));
        }
        v
    };
    Ok(render(&AdminPage {
        rows: services
            .iter()
            .map(|s| ServiceView::new(tr, true, s))
            .collect(),
        sla_opts: opts(&c.desig.sla),
        catalog_opts: opts(&c.desig.service_catalog),
        c,
    }))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ServiceForm {
    name: String,
    description: String,
    #[serde(rename = "type")]
    ticket_type: String,
    default_impact: String,
    default_urgency: String,
    covered: Option<String>,
    not_covered_reason: String,
    active: Option<String>,
}

fn checked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| !v.is_empty())
}

#[derive(Template)]
#[template(path = "admin_service_form.html")]
struct FormPage {
    c: Chrome,
    is_new: bool,
    id: i64,
    f: ServiceForm,
    covered: bool,
    active: bool,
    types: Vec<Opt>,
    impacts: Vec<Opt>,
    urgencies: Vec<Opt>,
    err: FormErr,
}

async fn form_page(ctx: &Ctx, id: Option<i64>, f: ServiceForm, err: FormErr) -> FormPage {
    let tr = ctx.tr;
    let or = |v: &str, d: &'static str| {
        if v.is_empty() {
            d.to_string()
        } else {
            v.to_string()
        }
    };
    FormPage {
        c: ctx.chrome("admin-services").await,
        is_new: id.is_none(),
        id: id.unwrap_or(0),
        covered: checked(&f.covered),
        active: checked(&f.active),
        types: type_opts(tr, &or(&f.ticket_type, "incident"), false),
        impacts: hml_opts(tr, &or(&f.default_impact, "medium")),
        urgencies: hml_opts(tr, &or(&f.default_urgency, "medium")),
        f,
        err,
    }
}

fn parse<T: std::str::FromStr>(s: &str, field: &'static str) -> Result<T, AppError>
where
    T::Err: std::fmt::Display,
{
    s.trim()
        .parse::<T>()
        .map_err(|e| AppError::invalid(field, e.to_string()))
}

fn on() -> Option<String> {
    Some("on".into())
}

fn new_service(f: &ServiceForm) -> Result<NewService, AppError> {
    Ok(NewService {
        name: f.name.clone(),
        description: f.description.clone(),
        ticket_type: parse::<TicketType>(&f.ticket_type, "type")?,
        default_impact: Some(parse::<Impact>(&f.default_impact, "default_impact")?),
        default_urgency: Some(parse::<Urgency>(&f.default_urgency, "default_urgency")?),
        covered: checked(&f.covered),
        not_covered_reason: Some(f.not_covered_reason.clone()),
    })
}

fn service_changes(f: &ServiceForm) -> Result<ServiceChanges, AppError> {
    let reason = f.not_covered_reason.trim();
    Ok(ServiceChanges {
        name: Some(f.name.clone()),
        description: Some(f.description.clone()),
        ticket_type: Some(parse::<TicketType>(&f.ticket_type, "type")?),
        default_impact: Some(parse::<Impact>(&f.default_impact, "default_impact")?),
        default_urgency: Some(parse::<Urgency>(&f.default_urgency, "default_urgency")?),
        covered: Some(checked(&f.covered)),
        not_covered_reason: Some((!reason.is_empty()).then(|| reason.to_string())),
        active: Some(checked(&f.active)),
    })
}

pub async fn new_page(ctx: Ctx) -> Page {
    ctx.require_admin()?;
    let f = ServiceForm {
        covered: on(),
        active: on(),
        ..Default::default()
    };
    Ok(render(&form_page(&ctx, None, f, FormErr::default()).await))
}

pub async fn create(ctx: Ctx, Form(f): Form<ServiceForm>) -> Page {
    ctx.require_admin()?;
    let new = new_service(&f);
    let r = match new {
        Ok(new) => ctx.app.create_service(&ctx.actor, new).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(s) => {
            ctx.flash("ok", ctx.tr.a("service-created", &[("name", &s.name)]))
                .await;
            Ok(see_other("/admin/services"))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = status_of(&e);
            let page = form_page(&ctx, None, f, FormErr::from_app(ctx.tr, &e)).await;
            Ok(render_status(status, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

fn service_id(ctx: &Ctx, raw: &str) -> Result<i64, axum::response::Response> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ctx.fail(AppError::NotFound("service")))
}

pub async fn edit_page(ctx: Ctx, Path(id): Path<String>) -> Page {
    ctx.require_admin()?;
    let id = service_id(&ctx, &id)?;
    let s = ctx.app.service(&ctx.actor, id).await.or_fail(&ctx)?;
    let f = ServiceForm {
        name: s.name,
        description: s.description,
        ticket_type: s.ticket_type.as_str().into(),
        default_impact: s.default_impact.as_str().into(),
        default_urgency: s.default_urgency.as_str().into(),
        covered: s.covered.then(on).flatten(),
        not_covered_reason: s.not_covered_reason.unwrap_or_default(),
        active: s.active.then(on).flatten(),
    };
    Ok(render(
        &form_page(&ctx, Some(id), f, FormErr::default()).await,
    ))
}

pub async fn update(ctx: Ctx, Path(id): Path<String>, Form(f): Form<ServiceForm>) -> Page {
    ctx.require_admin()?;
    let id = service_id(&ctx, &id)?;
    let changes = service_changes(&f);
    let r = match changes {
        Ok(c) => ctx.app.update_service(&ctx.actor, id, c).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(s) => {
            ctx.flash("ok", ctx.tr.a("service-saved", &[("name", &s.name)]))
                .await;
            Ok(see_other("/admin/services"))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = status_of(&e);
            let page = form_page(&ctx, Some(id), f, FormErr::from_app(ctx.tr, &e)).await;
            Ok(render_status(status, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
