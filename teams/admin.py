from django.contrib import admin

from .models import Team, TeamChangeLog, TeamFormation, TeamMembership, TeamPreference, Topic


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    raw_id_fields = ["membership"]
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort", "topic", "leader"]
    list_filter = ["cohort"]
    search_fields = ["name", "topic"]
    raw_id_fields = ["leader"]
    inlines = [TeamMembershipInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort", "order"]
    list_filter = ["cohort"]


@admin.register(TeamPreference)
class TeamPreferenceAdmin(admin.ModelAdmin):
    list_display = ["membership", "topic", "colleague1", "colleague2", "updated_at"]
    raw_id_fields = ["membership", "colleague1", "colleague2"]


@admin.register(TeamFormation)
class TeamFormationAdmin(admin.ModelAdmin):
    list_display = ["cohort", "status", "formed_at", "finalized_at"]
    readonly_fields = ["report"]


@admin.register(TeamChangeLog)
class TeamChangeLogAdmin(admin.ModelAdmin):
    list_display = ["at", "cohort", "kind", "membership", "from_team_name", "to_team_name", "actor"]
    list_filter = ["cohort", "kind"]
    readonly_fields = [f.name for f in TeamChangeLog._meta.fields]
