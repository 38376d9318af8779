from django import template

from kernel.admin_support import admin_actor

from ..selectors import back_office_work

register = template.Library()


@register.simple_tag(takes_context=True)
def work_for_user(context):
    """The landing lines of the signed-in back-office user (portal.selectors.back_office_work)."""
    return back_office_work(admin_actor(context["request"]))
