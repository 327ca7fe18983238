//! The detail pane's effects: the settle timer and the fetch, one task at a time in the pane's
//! slot, so a newer cursor move stops the timer or fetch of the row it left.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::executor::Executor;
use crate::app::pane::{PaneEffect, PaneMsg, Target};
use crate::app::{Msg, Slot};

pub(super) fn perform(effect: PaneEffect, executor: &mut Executor) {
    match effect {
        PaneEffect::Stop => executor.cancel(Slot::Pane),
        PaneEffect::Settle { req, after, path } => {
            let Some(client) = executor.client().cloned() else {
                return;
            };
            let tx = executor.sender();
            executor.spawn_in_slot(Slot::Pane, async move {
                tokio::time::sleep(after).await;
                // The budget as it is when the cursor has rested, for the reducer to judge.
                let msg = PaneMsg::Settled {
                    req,
                    now_epoch: now_epoch(),
                    budget: client.rate_budget_of(&path),
                };
                let _ = tx.send(Msg::Pane(msg)).await;
            });
        }
        PaneEffect::Fetch { req, target } => {
            let Some(client) = executor.client().cloned() else {
                return;
            };
            let tx = executor.sender();
            executor.spawn_in_slot(Slot::Pane, async move {
                let msg = match target {
                    Target::User(id) => PaneMsg::User {
                        req,
                        result: client.get_user(&id).await,
                    },
                    Target::Group(id) => PaneMsg::Group {
                        req,
                        result: client.get_group(&id).await,
                    },
                };
                if tx.send(Msg::Pane(msg)).await.is_err() {
                    return;
                }
                if let Some(b) = client.rate_budget() {
                    let _ = tx.send(Msg::Rate(b)).await;
                }
            });
        }
    }
}

fn now_epoch() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs() as i64
}
