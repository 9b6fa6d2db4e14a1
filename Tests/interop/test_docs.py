"""Documentation that is generated from the sources must be current."""
import subprocess
import sys


def test_error_code_catalogue_is_current(repo_root):
    result = subprocess.run([sys.executable, str(repo_root / "scripts" / "gen-error-codes.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
