//! `/api/v1/users/{id}/credentials/*` and `lifecycle/expire_password_with_temp_password`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use serde_json::{Value as Json, json};

use super::paging::{Query, base_url, json_ok};
use super::{Answer, Shared};
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::store;

fn body_json(body: &Bytes) -> Result<Json, ErrorResponse> {
    if body.is_empty() {
        return Ok(Json::Null);
    }
    serde_json::from_slice(body).map_err(|_| ErrorResponse::malformed_body())
}

fn text<'a>(body: &'a Json, pointer: &str) -> Option<&'a str> {
    body.pointer(pointer).and_then(Json::as_str)
}

fn user_id(st: &Shared, id: &str) -> Result<String, ErrorResponse> {
    st.read_store()
        .find_user(id)
        .map(|u| u.id.clone())
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (User)")))
}

/// `POST .../credentials/forgot_password?sendEmail=`: without a body it starts a recovery
/// (`{resetPasswordUrl}` when `sendEmail=false`, else `{}`); with a new password and the
/// recovery answer it sets the password and answers the user's credentials.
pub(super) async fn forgot_password(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Answer {
    let query = Query::parse(&uri);
    let base = base_url(&st, &headers);
    let body = body_json(&body)?;
    let uid = user_id(&st, &id)?;
    let mut store = st.write_store();
    let now = store::now_ms();
    if let Some(password) = text(&body, "/password/value") {
        let answer = text(&body, "/recovery_question/answer").unwrap_or_default();
        return Ok(json_ok(
            store.forgot_password_with_answer(&uid, password, answer, now)?,
        ));
    }
    let token = store.forgot_password(&uid, now)?;
    Ok(json_ok(if query.flag("sendEmail", true) {
        json!({})
    } else {
        json!({"resetPasswordUrl": format!("{base}/signin/reset-password/{token}")})
    }))
}

pub(super) async fn change_password(
    State(st): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    let body = body_json(&body)?;
    let (Some(old), Some(new)) = (
        text(&body, "/oldPassword/value"),
        text(&body, "/newPassword/value"),
    ) else {
        return Err(ErrorResponse::validation(
            "password",
            vec!["oldPassword: The field cannot be left blank".into()],
        ));
    };
    let uid = user_id(&st, &id)?;
    let mut store = st.write_store();
    Ok(json_ok(store.change_password(
        &uid,
        old,
        new,
        store::now_ms(),
    )?))
}

pub(super) async fn change_recovery_question(
    State(st): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    let body = body_json(&body)?;
    let password = text(&body, "/password/value").unwrap_or_default();
    let question = text(&body, "/recovery_question/question").unwrap_or_default();
    let answer = text(&body, "/recovery_question/answer").unwrap_or_default();
    let uid = user_id(&st, &id)?;
    let mut store = st.write_store();
    Ok(json_ok(store.change_recovery_question(
        &uid,
        password,
        question,
        answer,
        store::now_ms(),
    )?))
}

pub(super) async fn expire_with_temp_password(
    State(st): State<Shared>,
    Path(id): Path<String>,
) -> Answer {
    let uid = user_id(&st, &id)?;
    let temp = st
        .write_store()
        .expire_with_temp_password(&uid, store::now_ms())?;
    Ok(json_ok(json!({"tempPassword": temp})))
}
