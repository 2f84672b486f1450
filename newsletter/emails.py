"""The newsletter's own mail to one subscriber: the confirmation request and the welcome.
(Scaffold: the full messages come with the views' commit.)"""


def send_confirmation_request(*, subscriber_id: int) -> None:
    raise NotImplementedError


def send_welcome(*, subscriber_id: int) -> None:
    raise NotImplementedError
