# Issues, their sections and deliveries are administered in issue_admin.py.
import newsletter.issue_admin  # noqa: F401
