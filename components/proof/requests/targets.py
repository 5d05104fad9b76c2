"""What the attacks aim at and the statements meant to stop whole families of them.

Shared by the families of attacks (``attacks`` lists them) and by the exempt roles' work
(``exempt``): colleague "bob"'s principals, where the program creates them.
"""

from __future__ import annotations

from components.core import statement_ids as sid
from components.core.principal_paths import MANAGED_PATH

OPEN = (sid.SEED_DENY, sid.STUDIO_OPEN)
TAGS = (sid.TAGS,)
BINDING = (sid.ACCESS_TAG_BINDING, sid.PROFILE_TAG_BINDING)
#: bob's principals, where the program creates them.
BOB_ROLE = "{managed}bob/bob"
BOB_USER = "{iam}:user" + MANAGED_PATH + "bob/bob"
