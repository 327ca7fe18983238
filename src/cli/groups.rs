//! `oktui groups ...`.

use super::Ctx;
use super::bulk;
use super::exit::CliError;
use super::listing::{self, ListSpec};
use super::script_args::{GroupMemberArgs, GroupsCommand, GroupsListArgs, GroupsMembersArgs};
use crate::okta::{Group, GroupQuery, GroupRef, GroupType, UserRef, UserRow, Write};

pub async fn run(ctx: &Ctx, cmd: GroupsCommand) -> Result<(), CliError> {
    match cmd {
        GroupsCommand::List(a) => list(ctx, a).await,
        GroupsCommand::Members(a) => members(ctx, a).await,
        GroupsCommand::AddMember(a) => membership(ctx, a, true).await,
        GroupsCommand::RemoveMember(a) => membership(ctx, a, false).await,
    }
}

async fn list(ctx: &Ctx, a: GroupsListArgs) -> Result<(), CliError> {
    listing::columns::<Group>(a.fields.as_deref(), ctx.format)?;
    let query = GroupQuery {
        search: a.search,
        filter: a.filter,
        q: a.q,
        limit: Some(ctx.page_limit(a.limit).min(200)),
    };
    if ctx.dry_run {
        return super::print_plans(&[ctx.client.plan_list_groups(&query)]);
    }
    let pages = ctx.client.list_groups(query);
    listing::stream(
        ctx,
        pages,
        ListSpec {
            fields: a.fields.as_deref(),
            columns: None,
            limit: a.limit,
            keep: &|_| true,
            noun: "groups",
        },
    )
    .await
}

async fn members(ctx: &Ctx, a: GroupsMembersArgs) -> Result<(), CliError> {
    listing::columns::<UserRow>(a.fields.as_deref(), ctx.format)?;
    if ctx.dry_run {
        let page = ctx.page_limit(a.limit);
        return super::print_plans(&[ctx.client.plan_group_members(&a.group, page)]);
    }
    let group = resolve_group(ctx, &a.group).await?;
    let pages = ctx
        .client
        .group_members_paged(&group.id, ctx.page_limit(a.limit));
    listing::stream(
        ctx,
        pages,
        ListSpec {
            fields: a.fields.as_deref(),
            columns: None,
            limit: a.limit,
            keep: &|_| true,
            noun: "members",
        },
    )
    .await
}

async fn membership(ctx: &Ctx, a: GroupMemberArgs, add: bool) -> Result<(), CliError> {
    let group = if ctx.dry_run {
        // Nothing is looked up in a dry run: the group goes into the path as given.
        unresolved_group(&a.group)
    } else {
        ctx.check_writable(if add {
            "add a group member"
        } else {
            "remove a group member"
        })?;
        let g = resolve_group(ctx, &a.group).await?;
        if let Some(why) = g.group_type.membership_locked_reason() {
            return Err(CliError::Usage(format!(
                "group {} ({}) cannot be changed: {why}",
                g.name, g.id
            )));
        }
        g
    };
    let (group, user) = (
        GroupRef::new(group.id.to_string(), group.name.to_string()),
        UserRef::default(),
    );
    let op = if add {
        Write::AddMember { group, user }
    } else {
        Write::RemoveMember { group, user }
    };
    match (a.user, &a.bulk.from) {
        (Some(_), Some(_)) => Err(CliError::Usage(
            "give either a USER or --from FILE, not both".into(),
        )),
        (Some(u), None) => bulk::single(ctx, &op, &u, true).await,
        (None, Some(from)) => {
            bulk::many(ctx, &op, from, a.bulk.yes, a.bulk.resume.as_deref()).await
        }
        (None, None) => Err(CliError::Usage("give a USER or --from FILE".into())),
    }
}

fn unresolved_group(input: &str) -> Group {
    Group {
        id: input.into(),
        group_type: GroupType::Other("UNKNOWN".into()),
        name: "".into(),
        description: "".into(),
        created: None,
        last_updated: None,
        last_membership_updated: None,
        users_count: None,
        apps_count: None,
    }
}

/// Okta object ids are 20 characters starting with `00`.
pub fn looks_like_id(s: &str) -> bool {
    s.len() == 20 && s.starts_with("00") && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A group by id, or by exact name (a unique case-insensitive match also counts).
pub async fn resolve_group(ctx: &Ctx, input: &str) -> Result<Group, CliError> {
    if looks_like_id(input) {
        match ctx.client.get_group(input).await {
            Ok(f) => return Ok(f.value),
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e.into()),
        }
    }
    // `q` is a name prefix search that Okta does not page; exact matches come first.
    let mut pages = ctx.client.list_groups(GroupQuery {
        q: Some(input.to_owned()),
        limit: Some(200),
        ..Default::default()
    });
    let mut candidates = Vec::new();
    while let Some(page) = pages.next_page().await {
        candidates.extend(page?.items);
    }
    let exact: Vec<&Group> = candidates.iter().filter(|g| &*g.name == input).collect();
    let chosen: Vec<&Group> = if exact.is_empty() {
        candidates
            .iter()
            .filter(|g| g.name.eq_ignore_ascii_case(input))
            .collect()
    } else {
        exact
    };
    match chosen.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(CliError::NotFound(format!(
            "no group with id or name {input:?}"
        ))),
        many => Err(CliError::Usage(format!(
            "several groups are named {input:?}; use an id: {}",
            many.iter().map(|g| &*g.id).collect::<Vec<_>>().join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids() {
        assert!(super::looks_like_id("00g1a2b3c4d5e6f7g8h9"));
        assert!(!super::looks_like_id("Engineering"));
        assert!(!super::looks_like_id("00g1a2b3c4d5e6f7g8h9x"));
    }
}
