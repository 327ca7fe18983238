//! Looks for an OS keyring when a tenant form opens (`Effect::ProbeKeyring`), answered by
//! `CredMsg::Keyring`, so the reducer never probes: the answer arrives like any other. The
//! probe can take seconds (a session bus whose Secret Service does not answer) and the Linux
//! backend must not run on a runtime thread, so it runs on the blocking pool;
//! `config::keyring::probe` bounds it with its own timeout.

use super::executor::Executor;
use super::tasks::Scope;
use crate::app::Msg;
use crate::app::credentials::{CredMsg, ProbeKeyring};
use crate::config::keyring::{self, Availability};

/// Starts the probe as a session task: it concerns the machine, not the open tenant, so a
/// tenant switch leaves it running; quitting stops it.
pub fn probe(ProbeKeyring { req }: ProbeKeyring, executor: &mut Executor) {
    let tx = executor.sender();
    executor.spawn(Scope::Session, async move {
        let found = match tokio::task::spawn_blocking(keyring::probe).await {
            Ok(Ok(())) => Availability::Running,
            Ok(Err(why)) => Availability::Missing(why),
            Err(_) => Availability::Missing(
                "the check for an OS keyring stopped unexpectedly; use token_env or \
                 token_command instead"
                    .to_owned(),
            ),
        };
        tracing::debug!(?found, "keyring probe");
        let _ = tx
            .send(Msg::Credentials(CredMsg::Keyring { req, found }))
            .await;
    });
}
