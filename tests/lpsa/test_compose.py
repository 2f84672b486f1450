"""docker-compose.yml, the Dockerfile and docs/environment.md checked against the code.

No Docker engine runs here, so these read the files as text and ask the code the questions
compose, gunicorn, Celery and Django would ask at start-up.
"""

import fnmatch
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from celery.app.utils import find_app
from django.core.management import get_commands
from django.urls import resolve
from gunicorn.util import import_app

from lpsa.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
DOCKERFILE = (ROOT / "Dockerfile").read_text()
SETTINGS_SOURCE = (ROOT / "lpsa" / "settings.py").read_text()

SERVICES = {"postgres", "redis", "web", "worker", "beat", "mailpit"}
APP_SERVICES = ("web", "worker", "beat")
# `${NAME:-default}` and `${NAME:?error}`: compose fills these in from the host before starting.
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?\}")


def settings_variables() -> set[str]:
    """Every environment variable lpsa/settings.py reads, found in its source."""
    pattern = (
        r"(?:os\.environ\.get|os\.getenv|env_bool|env_list|env_int)\(\s*[\"']([A-Z0-9_]+)[\"']"
        r"|os\.environ\[\s*[\"']([A-Z0-9_]+)[\"']\s*\]"
    )
    return {a or b for a, b in re.findall(pattern, SETTINGS_SOURCE)}


def production_required_variables() -> set[str]:
    return set(re.findall(r"raise \w+\(\s*[\"']([A-Z0-9_]+) must be set", SETTINGS_SOURCE))


def with_defaults(text: str) -> str:
    """The text as compose would run it with nothing set in the host environment."""
    return INTERPOLATION.sub(lambda match: match.group(3) or "", text)


def command_words(service: str) -> list[str]:
    command = COMPOSE["services"][service]["command"]
    if isinstance(command, str):
        command = shlex.split(command)
    command = [with_defaults(word) for word in command]
    if command[:2] == ["sh", "-c"]:
        return shlex.split(command[2])
    return command


def simple_commands(words: list[str]) -> list[list[str]]:
    """Split a shell line on && and ; and drop a leading `exec`."""
    commands, current = [], []
    for word in [*words, "&&"]:
        if word in {"&&", ";", "||"}:
            if current:
                commands.append(current[1:] if current[0] == "exec" else current)
            current = []
        else:
            current.append(word)
    return commands


def all_commands() -> list[list[str]]:
    commands = []
    for name, service in COMPOSE["services"].items():
        if "command" in service:
            commands += simple_commands(command_words(name))
    return commands


def dockerfile_instructions(keyword: str) -> list[str]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    return [
        line.split(None, 1)[1]
        for line in joined.splitlines()
        if line.strip() and line.split(None, 1)[0].upper() == keyword
    ]


def app_environment(service: str) -> dict[str, str]:
    environment = COMPOSE["services"][service]["environment"]
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def container_port(spec) -> int:
    if isinstance(spec, dict):
        return int(spec["target"])
    return int(with_defaults(str(spec)).split(":")[-1].split("/")[0])


def test_the_six_services_are_defined():
    assert set(COMPOSE["services"]) == SERVICES


def test_images_are_pinned_to_the_major_versions_we_support():
    assert COMPOSE["services"]["postgres"]["image"] == "postgres:16"
    assert COMPOSE["services"]["redis"]["image"] == "redis:7"
    assert COMPOSE["services"]["mailpit"]["image"].startswith("axllent/mailpit")
    for service in APP_SERVICES:
        assert COMPOSE["services"][service]["build"] == "."


def test_app_services_share_one_anchor():
    assert "x-app" in COMPOSE
    for service in APP_SERVICES:
        assert app_environment(service) == {
            name: str(value) for name, value in COMPOSE["x-app"]["environment"].items()
        }


def test_gunicorn_serves_a_wsgi_module_that_exists():
    gunicorn = [command for command in all_commands() if command[0] == "gunicorn"]
    assert gunicorn, "the web service should run gunicorn"
    for command in gunicorn:
        target = next(word for word in command[1:] if not word.startswith("-") and "." in word)
        assert target.split(":")[0] == "lpsa.wsgi"
        assert callable(import_app(target))
        assert "--workers" in command and "--threads" in command


def test_celery_commands_name_the_project_app():
    celery = [command for command in all_commands() if command[0] == "celery"]
    assert {command[3] for command in celery} == {"worker", "beat"}
    for command in celery:
        assert command[1] == "-A"
        assert find_app(command[2]) is celery_app
    worker_check = shlex.split(COMPOSE["services"]["worker"]["healthcheck"]["test"][1])
    assert worker_check[:4] == ["celery", "-A", "lpsa", "inspect"]


def test_manage_py_subcommands_exist():
    known = get_commands()
    run_lines = [shlex.split(line) for line in dockerfile_instructions("RUN")]
    named = [
        words[words.index("manage.py") + 1]
        for words in [*all_commands(), *run_lines]
        if "manage.py" in words
    ]
    assert {"migrate", "collectstatic"} <= set(named)
    for subcommand in named:
        assert subcommand in known, f"manage.py {subcommand} does not exist"


def test_web_migrates_before_it_serves():
    commands = simple_commands(command_words("web"))
    assert commands[0][:3] == ["python", "manage.py", "migrate"]
    assert commands[-1][0] == "gunicorn"


def test_app_services_set_only_variables_the_settings_read():
    read = settings_variables()
    for service in APP_SERVICES:
        unknown = set(app_environment(service)) - read
        assert not unknown, f"{service} sets variables lpsa/settings.py never reads: {unknown}"


def test_app_services_run_in_production_with_every_required_variable():
    required = production_required_variables()
    assert "SECRET_KEY" in required
    for service in APP_SERVICES:
        environment = app_environment(service)
        assert environment["LPSA_PRODUCTION"] == "1"
        for name in required:
            # `:?` makes compose refuse to start rather than run with an empty value.
            assert re.fullmatch(rf"\$\{{{name}:\?.+\}}", environment[name]), name


def test_app_services_reach_the_other_services_by_name():
    environment = app_environment("web")
    assert urlsplit(with_defaults(environment["DATABASE_URL"])).hostname == "postgres"
    assert urlsplit(environment["REDIS_URL"]).hostname == "redis"
    assert environment["EMAIL_HOST"] == "mailpit"
    assert with_defaults(environment["SECURE_SSL_REDIRECT"]) == "0"


def test_depends_on_targets_exist_and_are_healthy_when_waited_for():
    for name, service in COMPOSE["services"].items():
        depends_on = service.get("depends_on", {})
        if isinstance(depends_on, list):
            depends_on = {target: {"condition": "service_started"} for target in depends_on}
        for target, options in depends_on.items():
            assert target in COMPOSE["services"], f"{name} depends on missing {target}"
            assert target != name
            if options.get("condition") == "service_healthy":
                assert "healthcheck" in COMPOSE["services"][target], target
    for service in APP_SERVICES:
        depends_on = COMPOSE["services"][service]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy"
        assert depends_on["redis"]["condition"] == "service_healthy"


def test_named_volumes_are_declared_and_media_is_shared():
    declared = set(COMPOSE.get("volumes") or {})
    used = set()
    for service in COMPOSE["services"].values():
        for volume in service.get("volumes", []):
            source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
            if not source.startswith((".", "/", "~")):
                used.add(source)
    assert used <= declared, f"undeclared volumes: {used - declared}"
    assert declared <= used, f"unused volumes: {declared - used}"
    media_root = app_environment("web")["MEDIA_ROOT"]
    for service in ("web", "worker"):
        assert f"media:{media_root}" in COMPOSE["services"][service]["volumes"]
    assert any(
        v.endswith(":/var/lib/postgresql/data") for v in COMPOSE["services"]["postgres"]["volumes"]
    )


def test_ports_match_what_listens_inside():
    exposed = {int(port) for line in dockerfile_instructions("EXPOSE") for port in line.split()}
    web_ports = {container_port(spec) for spec in COMPOSE["services"]["web"]["ports"]}
    gunicorn = next(command for command in all_commands() if command[0] == "gunicorn")
    bind = gunicorn[gunicorn.index("--bind") + 1]
    assert web_ports == exposed == {int(bind.rsplit(":", 1)[1])} == {8000}
    assert {container_port(spec) for spec in COMPOSE["services"]["mailpit"]["ports"]} == {8025}
    # Mailpit takes SMTP on 1025 inside the network.
    assert app_environment("web")["EMAIL_PORT"] == "1025"


def test_web_healthcheck_requests_a_url_the_portal_serves(client):
    test = COMPOSE["services"]["web"]["healthcheck"]["test"]
    words = shlex.split(test) if isinstance(test, str) else test
    script = next(word for word in words if word.endswith(".py"))
    assert (ROOT / script).is_file()
    url = next(word for word in words if word.startswith("http"))
    assert urlsplit(url).port == 8000
    path = urlsplit(url).path
    assert resolve(path).url_name == "healthz"
    # No database, no login: a health check must not depend on either.
    assert client.get(path).status_code == 200


def test_data_services_have_healthchecks():
    assert "pg_isready" in str(COMPOSE["services"]["postgres"]["healthcheck"]["test"])
    assert "ping" in str(COMPOSE["services"]["redis"]["healthcheck"]["test"])


def test_every_interpolated_variable_has_a_default_or_a_message():
    for match in INTERPOLATION.finditer(COMPOSE_TEXT):
        assert match.group(2) in {"-", "?"}, match.group(0)


def test_dockerfile_builds_from_the_lockfile_without_dev_dependencies():
    assert dockerfile_instructions("FROM") == ["python:3.11-slim"]
    runs = " ".join(dockerfile_instructions("RUN"))
    assert "pip install" in runs and " uv" in runs
    assert "uv sync --frozen --no-dev" in runs
    assert re.search(r"LPSA_PRODUCTION=1 SECRET_KEY=\S+\s+python manage.py collectstatic", runs)
    user = dockerfile_instructions("USER")
    assert user and user[-1].strip() not in {"root", "0"}


@pytest.mark.parametrize("source", ["pyproject.toml", "uv.lock"])
def test_dockerfile_copies_the_lockfile_before_the_code(source):
    copies = dockerfile_instructions("COPY")
    assert any(source in copy.split()[:-1] for copy in copies[:-1])


def test_dockerfile_copy_sources_exist_and_are_not_ignored():
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def is_ignored(path: str) -> bool:
        parts = Path(path).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return any(
            fnmatch.fnmatch(prefix, pattern.removeprefix("**/"))
            for pattern in ignored
            for prefix in prefixes
        )

    sources = []
    for copy in dockerfile_instructions("COPY"):
        words = [word for word in copy.split() if not word.startswith("--")]
        sources += words[:-1]
    assert sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert source == "." or not is_ignored(source), source
    # What the image runs must reach it through `COPY . .`.
    script = "docker/healthcheck.py"
    for needed in ["manage.py", "lpsa/wsgi.py", "lpsa/celery.py", "static", "templates", script]:
        assert (ROOT / needed).exists() and not is_ignored(needed), needed
    assert is_ignored(".env") and is_ignored(".git") and is_ignored("var")


def test_environment_doc_lists_exactly_the_variables_in_use():
    doc = (ROOT / "docs" / "environment.md").read_text()
    documented = set(re.findall(r"^\|\s*`([A-Z0-9_]+)`\s*\|", doc, flags=re.MULTILINE))
    compose_only = {match.group(1) for match in INTERPOLATION.finditer(COMPOSE_TEXT)}
    in_use = settings_variables() | compose_only
    assert in_use - documented == set(), "undocumented: add these to docs/environment.md"
    assert documented - in_use == set(), "documented but no longer read: remove them"
