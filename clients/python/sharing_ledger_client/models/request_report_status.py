from enum import StrEnum

class RequestReportStatus(StrEnum):
    ANSWERED = "answered"
    ANSWERED_LATE = "answered late"
    DUE_THIS_WEEK = "due this week"
    OPEN = "open"
    OVERDUE = "overdue"
    PAUSED = "paused"

    def __str__(self) -> str:
        return str(self.value)
