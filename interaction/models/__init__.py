from interaction.models.channels import Channel, HandlerAssignment
from interaction.models.consultations import (
    Consultation,
    ConsultationAttachment,
    ConsultationComment,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
)
from interaction.models.interviews import Interview, InterviewImage, InterviewQuestion
from interaction.models.messages import Message, MessageEvent

__all__ = [
    "Channel",
    "Consultation",
    "ConsultationAttachment",
    "ConsultationComment",
    "HandlerAssignment",
    "Interview",
    "InterviewImage",
    "InterviewQuestion",
    "Message",
    "MessageEvent",
    "SurveyAnswer",
    "SurveyOption",
    "SurveyQuestion",
    "SurveyResponse",
]
