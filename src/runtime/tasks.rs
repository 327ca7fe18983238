//! Every task the console starts besides the slot loads (which the executor keeps one per
//! slot): writes, lookups, credential work, tenant connections. Kept here so quitting stops
//! all of them and switching tenant stops those that talk to the old tenant. Answers of a
//! task that finishes anyway carry the `ReqId` they were started with, and the reducer drops
//! those that no longer match what it waits for.

use std::future::Future;

use tokio::task::JoinSet;

/// How long a task belongs to the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Talks to the connected tenant (reads for dialogs and pickers): stopped on a switch.
    Tenant,
    /// Outlives a switch: a write already sent (it finishes and is journaled), Test Connect
    /// and config saves (they are not about the connected tenant), opening a tenant.
    Session,
}

#[derive(Default)]
pub struct Tasks {
    tenant: JoinSet<()>,
    session: JoinSet<()>,
}

impl Tasks {
    pub fn spawn<F>(&mut self, scope: Scope, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let set = self.set(scope);
        // Forget the ones already done, so the sets hold only what still runs.
        while set.try_join_next().is_some() {}
        set.spawn(task);
    }

    /// Stops every task of this scope.
    pub fn stop(&mut self, scope: Scope) {
        self.set(scope).abort_all();
    }

    /// Stops everything (the console is quitting).
    pub fn stop_all(&mut self) {
        tracing::debug!(
            tenant = self.running(Scope::Tenant),
            session = self.running(Scope::Session),
            "stopping background tasks"
        );
        self.stop(Scope::Tenant);
        self.stop(Scope::Session);
    }

    /// Tasks of this scope not yet finished (or not yet seen finished).
    pub fn running(&mut self, scope: Scope) -> usize {
        let set = self.set(scope);
        while set.try_join_next().is_some() {}
        set.len()
    }

    fn set(&mut self, scope: Scope) -> &mut JoinSet<()> {
        match scope {
            Scope::Tenant => &mut self.tenant,
            Scope::Session => &mut self.session,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    /// Sets its flag when dropped: an aborted task drops its future.
    struct Dropped(Arc<AtomicBool>);
    impl Drop for Dropped {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    fn forever(flag: &Arc<AtomicBool>) -> impl Future<Output = ()> + Send + 'static {
        let guard = Dropped(flag.clone());
        async move {
            let _guard = guard;
            std::future::pending::<()>().await;
        }
    }

    async fn settle() {
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn a_tenant_switch_stops_tenant_tasks_and_keeps_session_tasks() {
        let mut tasks = Tasks::default();
        let read = Arc::new(AtomicBool::new(false));
        let write = Arc::new(AtomicBool::new(false));
        tasks.spawn(Scope::Tenant, forever(&read));
        tasks.spawn(Scope::Session, forever(&write));
        settle().await;
        tasks.stop(Scope::Tenant);
        settle().await;
        assert!(read.load(Ordering::SeqCst), "the tenant read was stopped");
        assert!(!write.load(Ordering::SeqCst), "the session task still runs");
        assert_eq!(tasks.running(Scope::Session), 1);
        tasks.stop_all();
        settle().await;
        assert!(write.load(Ordering::SeqCst), "quitting stops everything");
    }

    #[tokio::test]
    async fn finished_tasks_are_forgotten() {
        let mut tasks = Tasks::default();
        tasks.spawn(Scope::Tenant, async {});
        settle().await;
        tasks.spawn(Scope::Tenant, async {});
        settle().await;
        assert_eq!(tasks.running(Scope::Tenant), 0);
    }
}
