"""The attacks on the access tags: tags a session brings, and tags changed on what exists.

Part of the attacks (``attacks`` lists every family); each is a request by "alice" (or her
notebook, or an outsider) aimed at colleague "bob".
"""

from __future__ import annotations

from components.core import statement_ids as sid
from components.core.requests import Scenario
from components.policies import studio_guards
from components.proof.requests.targets import BINDING, BOB_ROLE, TAGS
from components.proof.scenarios import (
    BOUND,
    OWN_TAGS,
    principal_of,
    space,
    tag_keys,
    tagged,
)

#: Tags its principal does not spell: brought by a session (a trust policy rewritten to accept a
#: web identity or SAML assertion with sts:TagSession, a federation token), not by the program.
FORGED_TAGS = tuple(
    Scenario(what, action, resource, context, closes=BINDING, kinds=OWN_TAGS, session_tags=session)
    for what, action, resource, context, session in (
        (
            "opens a colleague's profile with a colleague's id as a session tag (web identity)",
            "sagemaker:CreatePresignedDomainUrl",
            "{sm}:user-profile/{domain}/bob",
            tagged("bob"),
            {"{key}": "bob", "{profile_key}": "bob"},
        ),
        (
            "assumes a colleague's role with a colleague's id as a session tag",
            "sts:AssumeRole",
            BOB_ROLE,
            principal_of("bob"),
            {"{key}": "bob"},
        ),
        (
            "starts a remote session in a colleague's space with a session tag",
            "sagemaker:StartSession",
            "{sm}:space/{domain}/bob-space",
            {
                "sagemaker:ResourceTag/"
                + studio_guards.SPACE_OWNER_TAG: "{sm}:user-profile/{domain}/bob",
                "sagemaker:ResourceTag/{key}": "bob",
            },
            {"{key}": "bob"},
        ),
        (
            "creates an app in a colleague's private space with a forged profile tag alone",
            "sagemaker:CreateApp",
            "{sm}:app/{domain}/bob-space/JupyterLab/default",
            space("bob"),
            {"{profile_key}": "bob"},
        ),
        (
            "deletes a colleague's private space with a forged profile tag alone",
            "sagemaker:DeleteSpace",
            "{sm}:space/{domain}/bob-space",
            space("bob"),
            {"{profile_key}": "bob"},
        ),
    )
)
# A notebook finds its own space by its Studio context, never by a tag: the space guards stop a
# forged profile tag there on their own.
FORGED_TAGS = tuple(
    s
    if "profile tag alone" not in s.name
    else Scenario(
        s.name,
        s.action,
        s.resource,
        s.context,
        closes=(*BINDING, sid.PRIVATE_APPS if "app" in s.name else sid.OTHER_SPACES),
        kinds=s.kinds,
        session_tags=s.session_tags,
    )
    for s in FORGED_TAGS
)

TAG_CHANGES = tuple(
    Scenario(what, action, resource, context, closes=TAGS, kinds=BOUND)
    for what, action, resource, context in (
        (
            "retags a colleague's profile with its own id (sagemaker:AddTags)",
            "sagemaker:AddTags",
            "{sm}:user-profile/{domain}/bob",
            tag_keys("{key}", value="alice"),
        ),
        (
            "strips the tag from a profile (sagemaker:DeleteTags)",
            "sagemaker:DeleteTags",
            "{sm}:user-profile/{domain}/bob",
            tag_keys("{key}"),
        ),
        (
            "marks a colleague's space as its own (sagemaker:AddTags sagemaker:user-profile-arn)",
            "sagemaker:AddTags",
            "{sm}:space/{domain}/bob-space",
            tag_keys(studio_guards.SPACE_OWNER_TAG),
        ),
        (
            "retags a user as a colleague (iam:TagUser)",
            "iam:TagUser",
            "{iam}:user/alice",
            tag_keys("{key}", value="bob"),
        ),
        (
            "retags a user under a differently cased key (iam:TagUser)",
            "iam:TagUser",
            "{iam}:user/alice",
            {"aws:TagKeys": ["{key_upper}"]},
        ),
        (
            "points its profile tag at a colleague's profile (iam:TagUser)",
            "iam:TagUser",
            "{iam}:user/alice",
            tag_keys("{profile_key}", value="bob"),
        ),
        (
            "removes a user's tag (iam:UntagUser)",
            "iam:UntagUser",
            "{iam}:user/alice",
            tag_keys("{key}"),
        ),
        (
            "retags a role as a colleague (iam:TagRole)",
            "iam:TagRole",
            "{iam}:role/alice",
            tag_keys("{key}", value="bob"),
        ),
        (
            "removes a role's tag (iam:UntagRole)",
            "iam:UntagRole",
            "{iam}:role/alice",
            tag_keys("{key}"),
        ),
        (
            "passes a colleague's id as a session tag (sts:TagSession)",
            "sts:TagSession",
            "{iam}:role/shared-analytics",
            tag_keys("{key}", value="bob"),
        ),
        (
            "creates a user tagged with a colleague's id (iam:CreateUser)",
            "iam:CreateUser",
            "{iam}:user/mallory",
            tag_keys("{key}", value="bob"),
        ),
        (
            "creates a role tagged with a colleague's id (iam:CreateRole)",
            "iam:CreateRole",
            "{iam}:role/mallory",
            tag_keys("{key}", value="bob"),
        ),
    )
)
