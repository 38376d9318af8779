#!/usr/bin/env python3
"""Set up and run the service, or run the tests, on a machine with only Python 3.11.

    python3 dev.py serve         # venv + install + migrate + demo admin + http://127.0.0.1:8000
    python3 dev.py serve --demo  # the same, plus a small demo world and a user per role
    python3 dev.py test     # venv + install + the whole test suite (extra args go to pytest)

Only the standard library is used until the virtual environment exists.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".pms-installed"
CREDENTIALS = ROOT / "var" / "demo-admin.txt"
DEMO_USERS = ROOT / "var" / "demo-users.txt"
DEMO_ADMIN = "pmsadmin"


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def run(*args: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(args, cwd=ROOT, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed")
    if not PYTHON.exists():
        say("creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        say("installing the project and its dependencies")
        run(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        STAMP.write_text(wanted)


def manage(*args: str) -> None:
    run(str(PYTHON), "manage.py", *args)


def demo_admin_password() -> str:
    if CREDENTIALS.exists():
        return CREDENTIALS.read_text().strip()
    CREDENTIALS.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    CREDENTIALS.write_text(password + "\n")
    CREDENTIALS.chmod(0o600)
    return password


def serve(args: list[str]) -> None:
    demo = "--demo" in args
    args = [arg for arg in args if arg != "--demo"]
    ensure_venv()
    manage("migrate", "--no-input")
    password = demo_admin_password()
    # Keeps the admin's password (and so its tokens) when the stored one already opens it.
    manage("create_demo_admin", DEMO_ADMIN, "--password", password)
    if demo:
        manage("load_demo", "--admin", DEMO_ADMIN, "--users-file", str(DEMO_USERS))
    address = args[0] if args else os.environ.get("PMS_ADDRESS", "127.0.0.1:8000")
    base = f"http://{address}"
    demo_line = (f"  demo users  {DEMO_USERS.relative_to(ROOT)} (one per role)\n" if demo
                 else "  demo data   python3 dev.py serve --demo (partners, policies, a MISP, a device, a user per role)\n")
    print(
        "\n"
        "  Partner Management Service (development mode, SQLite)\n"
        f"  demo admin  user: {DEMO_ADMIN}   password: {password}\n"
        f"  portal      {base}/portal/   (partners register at {base}/portal/register/)\n"
        f"  admin       {base}/admin/\n"
        f"  API docs    {base}/api/docs/\n"
        + demo_line +
        f"  login       curl -si -X POST {base}/v1/authmanager/authenticate/useridPwd \\\n"
        "                 -H 'Content-Type: application/json' \\\n"
        f"                 -d '{{\"request\":{{\"appId\":\"partnermanagement\",\"userName\":\"{DEMO_ADMIN}\",\"password\":\"{password}\"}}}}'\n",
        flush=True,
    )
    os.chdir(ROOT)
    os.execv(str(PYTHON), [str(PYTHON), "manage.py", "runserver", "--noreload", address])


def test(args: list[str]) -> None:
    ensure_venv()
    os.chdir(ROOT)
    os.execv(str(PYTHON), [str(PYTHON), "-m", "pytest", *args])


def main() -> None:
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if command == "serve":
        serve(args)
    elif command == "test":
        test(args)
    elif command == "setup":
        ensure_venv()
        manage("migrate", "--no-input")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
