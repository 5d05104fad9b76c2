"""A user's effective Studio settings as the ``user_settings`` input of ``aws.sagemaker.UserProfile``.

Kept free of Pulumi so it is tested as a plain function: it returns the nested mapping in the
form pulumi-aws v7 takes for ``UserProfileUserSettingsArgs`` (its ``…ArgsDict`` types, snake_case
keys), and the SDK sends it exactly as the classes would. Only what is set is sent, so whatever
a stack leaves out stays as the domain defines it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from components.roster.studio_effective import Effective

#: Each idle key and the ``IdleSettings`` field it sets.
_IDLE_FIELDS = (
    ("idle_timeout_minutes", "idle_timeout_in_minutes"),
    ("min_idle_timeout_minutes", "min_idle_timeout_in_minutes"),
    ("max_idle_timeout_minutes", "max_idle_timeout_in_minutes"),
)
#: Each app the settings apply to, as ``lifecycle_config_arns`` names it, and its settings field.
_APPS = (("jupyterlab", "jupyter_lab_app_settings"), ("code_editor", "code_editor_app_settings"))


def user_settings(
    studio: Effective, execution_role: object | None, default_execution_role: str | None
) -> dict[str, object] | None:
    """The profile's ``user_settings``, or ``None`` when nothing is set.

    Args:
        studio: the user's effective settings.
        execution_role: the user's own execution role (an ARN, or the output of the role the
            program creates), if any.
        default_execution_role: the domain's default execution role. pulumi-aws requires an
            execution role in ``user_settings``; a user with settings but no role of their own
            gets this one, which is the role the profile would run with anyway.
    """
    values = studio.as_dict()
    settings: dict[str, object] = {}
    for app, field in _APPS:
        app_settings = _app_settings(values, app)
        if app_settings:
            settings[field] = app_settings
    if "allowed_instance_types" in values:
        settings["studio_web_portal_settings"] = {
            "hidden_instance_types": list(studio.hidden_instance_types)
        }
    if "ebs_default_gb" in values:
        settings["space_storage_settings"] = {
            "default_ebs_storage_settings": {
                "default_ebs_volume_size_in_gb": values["ebs_default_gb"],
                "maximum_ebs_volume_size_in_gb": values["ebs_max_gb"],
            }
        }
    if settings:
        return {"execution_role": execution_role or default_execution_role, **settings}
    return {"execution_role": execution_role} if execution_role else None


def _app_settings(values: Mapping[str, Any], app: str) -> dict[str, object]:
    """JupyterLab's or Code Editor's settings: idle shutdown, default instance, lifecycle configs."""
    result: dict[str, object] = {}
    idle = {field: values[key] for key, field in _IDLE_FIELDS if key in values}
    if idle:
        result["app_lifecycle_management"] = {
            "idle_settings": {"lifecycle_management": "ENABLED", **idle}
        }
    if "default_instance_type" in values:
        result["default_resource_spec"] = {"instance_type": values["default_instance_type"]}
    configs = dict(values.get("lifecycle_config_arns", ()))
    if app in configs:
        result["lifecycle_config_arns"] = list(configs[app])
    return result
