#!/usr/bin/env python3
"""Generates the TEST-ONLY keys and certificates in certs/ that do not exist yet (`--force` regenerates all). The
outputs are committed so tests and the demo are deterministic. NOT FOR PRODUCTION: the private keys are public in
this repository."""
import datetime, pathlib, sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa, ec

out = pathlib.Path(__file__).resolve().parent.parent / "certs"
out.mkdir(exist_ok=True)
UTC = datetime.timezone.utc

FORCE = "--force" in sys.argv

def write(name, key, cn, not_before, not_after):
    if (out / f"{name}.key.pem").exists() and not FORCE:
        return
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Gatehouse TEST ONLY - NOT FOR PRODUCTION"),
                         x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
            .sign(key, hashes.SHA256()))
    (out / f"{name}.key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (out / f"{name}.crt.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))

long_from = datetime.datetime(2025, 1, 1, tzinfo=UTC)
long_to = datetime.datetime(2045, 1, 1, tzinfo=UTC)
write("idp-rsa", rsa.generate_private_key(65537, 2048), "mock-idp signing (RSA-2048)", long_from, long_to)
write("idp-rsa-next", rsa.generate_private_key(65537, 2048), "mock-idp next signing key (rollover)", long_from, long_to)
write("idp-ec", ec.generate_private_key(ec.SECP256R1()), "mock-idp signing (ECDSA P-256)", long_from, long_to)
write("idp-rsa-expired", rsa.generate_private_key(65537, 2048), "mock-idp expired cert",
      datetime.datetime(2020, 1, 1, tzinfo=UTC), datetime.datetime(2021, 1, 1, tzinfo=UTC))
write("idp-rsa-future", rsa.generate_private_key(65537, 2048), "mock-idp cert not valid before 2040",
      datetime.datetime(2040, 1, 1, tzinfo=UTC), datetime.datetime(2050, 1, 1, tzinfo=UTC))
write("attacker-rsa", rsa.generate_private_key(65537, 2048), "attacker (never in metadata)", long_from, long_to)
write("sp-rsa", rsa.generate_private_key(65537, 2048), "gatehouse SP signing+encryption", long_from, long_to)
write("sp-rsa-old", rsa.generate_private_key(65537, 2048), "gatehouse SP old encryption cert", long_from, long_to)
print("wrote", sorted(p.name for p in out.glob("*.pem")))
