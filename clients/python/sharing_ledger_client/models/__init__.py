""" Contains all the data models used in inputs/outputs """

from .acknowledgement import Acknowledgement
from .appends import Appends
from .apply_restriction_body import ApplyRestrictionBody
from .batch import Batch
from .batch_commands_item import BatchCommandsItem
from .channel import Channel
from .checkpoint_summary import CheckpointSummary
from .consistency_proof import ConsistencyProof
from .cosignature import Cosignature
from .cosignature_recorded import CosignatureRecorded
from .created_principal import CreatedPrincipal
from .data_category import DataCategory
from .decide_objection_body import DecideObjectionBody
from .decline_reason import DeclineReason
from .decline_sharing_body import DeclineSharingBody
from .entry import Entry
from .exempt_recipient_of_rectification_body import ExemptRecipientOfRectificationBody
from .exempt_recipient_of_restriction_body import ExemptRecipientOfRestrictionBody
from .extend_deadline_body import ExtendDeadlineBody
from .field_problem import FieldProblem
from .fulfil_request_body import FulfilRequestBody
from .group_commit_counts import GroupCommitCounts
from .inclusion_proof import InclusionProof
from .inform_subject_of_lift_body import InformSubjectOfLiftBody
from .justify_processing_body import JustifyProcessingBody
from .kind import Kind
from .lawful_basis import LawfulBasis
from .ledger_status import LedgerStatus
from .lift_restriction_body import LiftRestrictionBody
from .log_keys import LogKeys
from .lookup import Lookup
from .new_principal import NewPrincipal
from .notify_recipient_of_rectification_body import NotifyRecipientOfRectificationBody
from .notify_recipient_of_restriction_body import NotifyRecipientOfRestrictionBody
from .objection_outcome import ObjectionOutcome
from .objections_format_type_0 import ObjectionsFormatType0
from .partner_format_type_0 import PartnerFormatType0
from .partner_key import PartnerKey
from .partner_type import PartnerType
from .pause_clock_body import PauseClockBody
from .principal_view import PrincipalView
from .problem_document import ProblemDocument
from .purpose import Purpose
from .read_model_status import ReadModelStatus
from .receipt import Receipt
from .receipt_checkpoint import ReceiptCheckpoint
from .receipt_document import ReceiptDocument
from .receipt_id import ReceiptId
from .receive_objection_body import ReceiveObjectionBody
from .receive_request_body import ReceiveRequestBody
from .record_access_body import RecordAccessBody
from .record_rectification_body import RecordRectificationBody
from .record_share_body import RecordShareBody
from .rectifications_format_type_0 import RectificationsFormatType0
from .refuse_request_body import RefuseRequestBody
from .register_agreement_body import RegisterAgreementBody
from .register_partner_body import RegisterPartnerBody
from .request_restriction_body import RequestRestrictionBody
from .requests_format_type_0 import RequestsFormatType0
from .resolved_subject import ResolvedSubject
from .restriction_exception import RestrictionException
from .restriction_ground import RestrictionGround
from .restrictions_format_type_0 import RestrictionsFormatType0
from .resume_clock_body import ResumeClockBody
from .revocation import Revocation
from .rights_request_kind import RightsRequestKind
from .role import Role
from .schedule_1_condition import Schedule1Condition
from .special_condition import SpecialCondition
from .verification import Verification
from .verification_read_models_type_0 import VerificationReadModelsType0
from .verify_identity_body import VerifyIdentityBody
from .who_saw_format_type_0 import WhoSawFormatType0

__all__ = (
    "Acknowledgement",
    "Appends",
    "ApplyRestrictionBody",
    "Batch",
    "BatchCommandsItem",
    "Channel",
    "CheckpointSummary",
    "ConsistencyProof",
    "Cosignature",
    "CosignatureRecorded",
    "CreatedPrincipal",
    "DataCategory",
    "DecideObjectionBody",
    "DeclineReason",
    "DeclineSharingBody",
    "Entry",
    "ExemptRecipientOfRectificationBody",
    "ExemptRecipientOfRestrictionBody",
    "ExtendDeadlineBody",
    "FieldProblem",
    "FulfilRequestBody",
    "GroupCommitCounts",
    "InclusionProof",
    "InformSubjectOfLiftBody",
    "JustifyProcessingBody",
    "Kind",
    "LawfulBasis",
    "LedgerStatus",
    "LiftRestrictionBody",
    "LogKeys",
    "Lookup",
    "NewPrincipal",
    "NotifyRecipientOfRectificationBody",
    "NotifyRecipientOfRestrictionBody",
    "ObjectionOutcome",
    "ObjectionsFormatType0",
    "PartnerFormatType0",
    "PartnerKey",
    "PartnerType",
    "PauseClockBody",
    "PrincipalView",
    "ProblemDocument",
    "Purpose",
    "ReadModelStatus",
    "Receipt",
    "ReceiptCheckpoint",
    "ReceiptDocument",
    "ReceiptId",
    "ReceiveObjectionBody",
    "ReceiveRequestBody",
    "RecordAccessBody",
    "RecordRectificationBody",
    "RecordShareBody",
    "RectificationsFormatType0",
    "RefuseRequestBody",
    "RegisterAgreementBody",
    "RegisterPartnerBody",
    "RequestRestrictionBody",
    "RequestsFormatType0",
    "ResolvedSubject",
    "RestrictionException",
    "RestrictionGround",
    "RestrictionsFormatType0",
    "ResumeClockBody",
    "Revocation",
    "RightsRequestKind",
    "Role",
    "Schedule1Condition",
    "SpecialCondition",
    "Verification",
    "VerificationReadModelsType0",
    "VerifyIdentityBody",
    "WhoSawFormatType0",
)
