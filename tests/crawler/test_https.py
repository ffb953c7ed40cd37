"""A portal served over HTTPS with a certificate no authority signed (common on county portals):
the crawl reads it like any other site, through the download handler duwang configures."""

from __future__ import annotations

import datetime
import ssl

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .conftest import html, ok, rows, run_crawl


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "示范县人民政府")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def _tls(server, tmp_path):
    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.server.socket = context.wrap_socket(server.server.socket, server_side=True)
    return server.url.replace("http://", "https://")


def test_a_self_signed_https_portal_is_crawled(site_server, tmp_path):
    server = site_server({
        "/": ok(html('<a href="/xxgk/index.html">政府信息公开</a>', title="示范县人民政府")),
        "/xxgk/index.html": ok(html('<ul><li><a href="/xxgk/1.html">通知</a><span>2026-11-02</span></li></ul>')),
        "/xxgk/1.html": ok(html("<h1>通知</h1><p>正文内容。</p>")),
    })
    url = _tls(server, tmp_path)
    code, _, err = run_crawl(url, tmp_path / "audit.db")
    assert code == 0, err
    pages = {r["url"]: r["status"] for r in rows(tmp_path / "audit.db", "SELECT url, status FROM pages")}
    assert pages == {url: 200, url + "xxgk/index.html": 200, url + "xxgk/1.html": 200}
