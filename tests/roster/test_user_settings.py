"""The effective settings as ``user_settings``: a plain function, tested without the engine."""

from __future__ import annotations

from components.plan.profile_settings import user_settings
from components.roster.studio_effective import NO_SETTINGS, Effective

ROLE = "arn:aws:iam::111122223333:role/Own"
DEFAULT = "arn:aws:iam::111122223333:role/service-role/Default"
JL = "arn:aws:sagemaker:eu-west-1:111122223333:studio-lifecycle-config/lab"


def test_without_settings_only_an_own_role_is_sent():
    assert user_settings(NO_SETTINGS, None, DEFAULT) is None
    assert user_settings(NO_SETTINGS, ROLE, DEFAULT) == {"execution_role": ROLE}


def test_lifecycle_configurations_go_to_the_apps_they_name():
    studio = Effective(values=(("lifecycle_config_arns", (("jupyterlab", (JL,)),)),))
    assert user_settings(studio, None, DEFAULT) == {
        "execution_role": DEFAULT,
        "jupyter_lab_app_settings": {"lifecycle_config_arns": [JL]},
    }
    cleared = Effective(
        values=(("lifecycle_config_arns", (("jupyterlab", ()), ("code_editor", ()))),)
    )
    assert user_settings(cleared, ROLE, DEFAULT) == {
        "execution_role": ROLE,
        "jupyter_lab_app_settings": {"lifecycle_config_arns": []},
        "code_editor_app_settings": {"lifecycle_config_arns": []},
    }, "an empty list is sent: it removes the configurations"


def test_an_allowed_list_hides_the_rest():
    studio = Effective(
        values=(("allowed_instance_types", ("ml.t3.medium",)),),
        hidden_instance_types=("ml.m5.large", "ml.g5.xlarge"),
    )
    assert user_settings(studio, ROLE, DEFAULT) == {
        "execution_role": ROLE,
        "studio_web_portal_settings": {"hidden_instance_types": ["ml.m5.large", "ml.g5.xlarge"]},
    }
