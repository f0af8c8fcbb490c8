""" Contains all the data models used in inputs/outputs """

from .acknowledge_complaint_body import AcknowledgeComplaintBody
from .acknowledgement import Acknowledgement
from .activity_entry import ActivityEntry
from .agreement_report import AgreementReport
from .agreement_terms import AgreementTerms
from .agreements_report import AgreementsReport
from .api_key_rotation import ApiKeyRotation
from .appends import Appends
from .apply_restriction_body import ApplyRestrictionBody
from .batch import Batch
from .batch_commands_item import BatchCommandsItem
from .category_match import CategoryMatch
from .channel import Channel
from .checkpoint_summary import CheckpointSummary
from .close_complaint_body import CloseComplaintBody
from .complainant import Complainant
from .complaint_issue import ComplaintIssue
from .complaint_outcome import ComplaintOutcome
from .complaints_format_type_0 import ComplaintsFormatType0
from .consistency_proof import ConsistencyProof
from .cosignature import Cosignature
from .cosignature_recorded import CosignatureRecorded
from .created_principal import CreatedPrincipal
from .data_category import DataCategory
from .deadline import Deadline
from .deadline_starts_from import DeadlineStartsFrom
from .decide_objection_body import DecideObjectionBody
from .decline_reason import DeclineReason
from .decline_sharing_body import DeclineSharingBody
from .disclosures_page import DisclosuresPage
from .disposal_facts import DisposalFacts
from .earlier_recipient import EarlierRecipient
from .entry import Entry
from .exempt_recipient_of_rectification_body import ExemptRecipientOfRectificationBody
from .exempt_recipient_of_restriction_body import ExemptRecipientOfRestrictionBody
from .extend_deadline_body import ExtendDeadlineBody
from .field_problem import FieldProblem
from .fulfil_request_body import FulfilRequestBody
from .group_commit_counts import GroupCommitCounts
from .ico_decision import ICODecision
from .inclusion_proof import InclusionProof
from .inform_subject_of_lift_body import InformSubjectOfLiftBody
from .justify_processing_body import JustifyProcessingBody
from .key_rotation import KeyRotation
from .kind import Kind
from .lawful_basis import LawfulBasis
from .ledger_status import LedgerStatus
from .lift_restriction_body import LiftRestrictionBody
from .log_keys import LogKeys
from .lookup import Lookup
from .new_principal import NewPrincipal
from .notify_recipient_of_rectification_body import NotifyRecipientOfRectificationBody
from .notify_recipient_of_restriction_body import NotifyRecipientOfRestrictionBody
from .objection_facts import ObjectionFacts
from .objection_outcome import ObjectionOutcome
from .objection_report import ObjectionReport
from .objection_report_verdict import ObjectionReportVerdict
from .objections_format_type_0 import ObjectionsFormatType0
from .objections_page import ObjectionsPage
from .partner_format_type_0 import PartnerFormatType0
from .partner_key import PartnerKey
from .partner_type import PartnerType
from .pause_clock_body import PauseClockBody
from .principal_view import PrincipalView
from .problem_document import ProblemDocument
from .processing import Processing
from .promise_result import PromiseResult
from .promise_result_outcome import PromiseResultOutcome
from .public_consistency_response_public_consistency import PublicConsistencyResponsePublicConsistency
from .public_history_response_public_history import PublicHistoryResponsePublicHistory
from .public_keys_response_public_keys import PublicKeysResponsePublicKeys
from .purpose import Purpose
from .read_model_status import ReadModelStatus
from .reason import Reason
from .reason_severity import ReasonSeverity
from .receipt import Receipt
from .receipt_checkpoint import ReceiptCheckpoint
from .receipt_document import ReceiptDocument
from .receipt_id import ReceiptId
from .receive_complaint_body import ReceiveComplaintBody
from .receive_identity_information_body import ReceiveIdentityInformationBody
from .receive_objection_body import ReceiveObjectionBody
from .receive_request_body import ReceiveRequestBody
from .recipient import Recipient
from .recipient_notice import RecipientNotice
from .record_access_body import RecordAccessBody
from .record_complaint_findings_body import RecordComplaintFindingsBody
from .record_ico_decision_body import RecordIcoDecisionBody
from .record_rectification_body import RecordRectificationBody
from .record_share_body import RecordShareBody
from .rectification_report import RectificationReport
from .rectifications_format_type_0 import RectificationsFormatType0
from .rectifications_page import RectificationsPage
from .refuse_request_body import RefuseRequestBody
from .register_agreement_body import RegisterAgreementBody
from .register_partner_body import RegisterPartnerBody
from .relation import Relation
from .request_report import RequestReport
from .request_report_status import RequestReportStatus
from .request_restriction_body import RequestRestrictionBody
from .requests_format_type_0 import RequestsFormatType0
from .requests_page import RequestsPage
from .resolved_subject import ResolvedSubject
from .restriction_exception import RestrictionException
from .restriction_facts import RestrictionFacts
from .restriction_ground import RestrictionGround
from .restriction_report import RestrictionReport
from .restriction_report_verdict import RestrictionReportVerdict
from .restrictions_format_type_0 import RestrictionsFormatType0
from .restrictions_page import RestrictionsPage
from .resume_clock_body import ResumeClockBody
from .revocation import Revocation
from .rights_request_kind import RightsRequestKind
from .role import Role
from .rotate_api_key_response_rotate_api_key import RotateApiKeyResponseRotateApiKey
from .schedule_1_condition import Schedule1Condition
from .share_facts import ShareFacts
from .share_report import ShareReport
from .special_condition import SpecialCondition
from .uncovered_recipient import UncoveredRecipient
from .verification import Verification
from .verification_read_models_type_0 import VerificationReadModelsType0
from .verify_identity_body import VerifyIdentityBody
from .who_saw_format_type_0 import WhoSawFormatType0
from .who_saw_page import WhoSawPage

__all__ = (
    "AcknowledgeComplaintBody",
    "Acknowledgement",
    "ActivityEntry",
    "AgreementReport",
    "AgreementsReport",
    "AgreementTerms",
    "ApiKeyRotation",
    "Appends",
    "ApplyRestrictionBody",
    "Batch",
    "BatchCommandsItem",
    "CategoryMatch",
    "Channel",
    "CheckpointSummary",
    "CloseComplaintBody",
    "Complainant",
    "ComplaintIssue",
    "ComplaintOutcome",
    "ComplaintsFormatType0",
    "ConsistencyProof",
    "Cosignature",
    "CosignatureRecorded",
    "CreatedPrincipal",
    "DataCategory",
    "Deadline",
    "DeadlineStartsFrom",
    "DecideObjectionBody",
    "DeclineReason",
    "DeclineSharingBody",
    "DisclosuresPage",
    "DisposalFacts",
    "EarlierRecipient",
    "Entry",
    "ExemptRecipientOfRectificationBody",
    "ExemptRecipientOfRestrictionBody",
    "ExtendDeadlineBody",
    "FieldProblem",
    "FulfilRequestBody",
    "GroupCommitCounts",
    "ICODecision",
    "InclusionProof",
    "InformSubjectOfLiftBody",
    "JustifyProcessingBody",
    "KeyRotation",
    "Kind",
    "LawfulBasis",
    "LedgerStatus",
    "LiftRestrictionBody",
    "LogKeys",
    "Lookup",
    "NewPrincipal",
    "NotifyRecipientOfRectificationBody",
    "NotifyRecipientOfRestrictionBody",
    "ObjectionFacts",
    "ObjectionOutcome",
    "ObjectionReport",
    "ObjectionReportVerdict",
    "ObjectionsFormatType0",
    "ObjectionsPage",
    "PartnerFormatType0",
    "PartnerKey",
    "PartnerType",
    "PauseClockBody",
    "PrincipalView",
    "ProblemDocument",
    "Processing",
    "PromiseResult",
    "PromiseResultOutcome",
    "PublicConsistencyResponsePublicConsistency",
    "PublicHistoryResponsePublicHistory",
    "PublicKeysResponsePublicKeys",
    "Purpose",
    "ReadModelStatus",
    "Reason",
    "ReasonSeverity",
    "Receipt",
    "ReceiptCheckpoint",
    "ReceiptDocument",
    "ReceiptId",
    "ReceiveComplaintBody",
    "ReceiveIdentityInformationBody",
    "ReceiveObjectionBody",
    "ReceiveRequestBody",
    "Recipient",
    "RecipientNotice",
    "RecordAccessBody",
    "RecordComplaintFindingsBody",
    "RecordIcoDecisionBody",
    "RecordRectificationBody",
    "RecordShareBody",
    "RectificationReport",
    "RectificationsFormatType0",
    "RectificationsPage",
    "RefuseRequestBody",
    "RegisterAgreementBody",
    "RegisterPartnerBody",
    "Relation",
    "RequestReport",
    "RequestReportStatus",
    "RequestRestrictionBody",
    "RequestsFormatType0",
    "RequestsPage",
    "ResolvedSubject",
    "RestrictionException",
    "RestrictionFacts",
    "RestrictionGround",
    "RestrictionReport",
    "RestrictionReportVerdict",
    "RestrictionsFormatType0",
    "RestrictionsPage",
    "ResumeClockBody",
    "Revocation",
    "RightsRequestKind",
    "Role",
    "RotateApiKeyResponseRotateApiKey",
    "Schedule1Condition",
    "ShareFacts",
    "ShareReport",
    "SpecialCondition",
    "UncoveredRecipient",
    "Verification",
    "VerificationReadModelsType0",
    "VerifyIdentityBody",
    "WhoSawFormatType0",
    "WhoSawPage",
)
