from applications.models.appeals import AppealRecord
from applications.models.applications import Application, ApplicationEvent
from applications.models.counters import RegistrationCounter
from applications.models.letters import Letter, LetterTemplate
from applications.models.offices import DisclosureOffice
from applications.models.reminders import DeadlineReminder

__all__ = [
    "AppealRecord",
    "DeadlineReminder",
    "Application",
    "ApplicationEvent",
    "DisclosureOffice",
    "Letter",
    "LetterTemplate",
    "RegistrationCounter",
]
