"""The one module that imports pylti1p3 (pinned in pyproject.toml).

Everything else in quizapp reaches the library through quizapp.lti, so a maintained fork
with the same API replaces it by changing the pin (and, if its package has another name,
the import lines below); tests/unit/test_layers.py fails if another module imports it.
"""

from __future__ import annotations

from pylti1p3 import __version__ as VERSION
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.cookie import CookieService
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException, LtiServiceException, OIDCException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.oidc_login import OIDCLogin
from pylti1p3.redirect import Redirect
from pylti1p3.registration import Registration
from pylti1p3.request import Request
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.session import SessionService
from pylti1p3.tool_config import ToolConfAbstract

__all__ = ["VERSION", "AssignmentsGradesService", "CookieService", "DeepLink",
           "DeepLinkResource", "Deployment", "Grade", "LineItem", "LtiException",
           "LtiServiceException", "MessageLaunch", "NamesRolesProvisioningService",
           "OIDCException", "OIDCLogin", "Redirect", "Registration", "Request",
           "ServiceConnector", "SessionService", "ToolConfAbstract"]
