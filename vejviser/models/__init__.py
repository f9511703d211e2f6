"""The catalogue's typed SQLAlchemy models, shaped after HSDS 3.0."""
from vejviser.hours.model import HolidayRule
from vejviser.models.account import Account, AccountToken, account_organisation
from vejviser.models.change import OfferChange
from vejviser.models.contact import Contact, Language, Phone
from vejviser.models.correction import CorrectionSuggestion
from vejviser.models.editing import Proposal, SynonymGroup
from vejviser.models.free_places import FreePlaces, FreePlacesLink, FreePlacesLog
from vejviser.models.insights import SearchQueryWeek, SearchWeek
from vejviser.models.location import Location, Precision
from vejviser.models.node import IndexNode
from vejviser.models.offer import Offer, OfferAtLocation, OfferStatus
from vejviser.models.organization import Organization, OrganizationIdentifier
from vejviser.models.reminders import FreshnessSettings, ReminderLink, StaleReminder
from vejviser.models.revision import Revision
from vejviser.models.schedule import Schedule, ScheduleException
from vejviser.models.taxonomy import (
    ATTRIBUTE,
    CATEGORY,
    LEGAL_BASIS,
    TARGET_GROUP,
    VOCABULARIES,
    VOCABULARY_OF_FIELD,
    Taxonomy,
    TaxonomyTerm,
    offer_term,
)
from vejviser.models.winter import WinterHours, WinterPlan

__all__ = [
    "Account",
    "AccountToken",
    "ATTRIBUTE",
    "CATEGORY",
    "LEGAL_BASIS",
    "TARGET_GROUP",
    "VOCABULARIES",
    "VOCABULARY_OF_FIELD",
    "Contact",
    "CorrectionSuggestion",
    "FreePlaces",
    "FreshnessSettings",
    "FreePlacesLink",
    "FreePlacesLog",
    "HolidayRule",
    "IndexNode",
    "Language",
    "Location",
    "Offer",
    "OfferAtLocation",
    "OfferChange",
    "OfferStatus",
    "Organization",
    "OrganizationIdentifier",
    "Phone",
    "Precision",
    "Proposal",
    "ReminderLink",
    "Revision",
    "Schedule",
    "ScheduleException",
    "SearchQueryWeek",
    "SearchWeek",
    "StaleReminder",
    "SynonymGroup",
    "Taxonomy",
    "TaxonomyTerm",
    "WinterHours",
    "WinterPlan",
    "account_organisation",
    "offer_term",
]
