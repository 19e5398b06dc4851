"""Who must act on a case: the community's staff by category, the property contact first."""

from __future__ import annotations

from bot.community import Community, StaffMember


def pick_handler(community: Community, category: str) -> StaffMember | None:
    """The property company's contact for property cases, else whoever handles the category.

    Nobody handles it: the community's first staff member, so no case is orphaned.
    """
    handlers = [s for s in community.staff if category in s.handles]
    if category == "property":
        handlers.sort(key=lambda s: s.org is None)
    if handlers:
        return handlers[0]
    return community.staff[0] if community.staff else None
