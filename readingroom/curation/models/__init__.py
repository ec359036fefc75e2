"""The back office's own records. Each module is owned by one part of the back office;
this package re-exports them."""

from .jobs import ImportJob  # noqa: F401
from .revisions import Revision  # noqa: F401
from .trash import TrashedDocument  # noqa: F401
from .workflow import WorkflowEvent  # noqa: F401
