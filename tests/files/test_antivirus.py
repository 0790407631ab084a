"""The optional ClamAV scan, against a tiny fake clamd speaking INSTREAM on loopback."""

import io
import socket
import struct
import threading

import pytest

from apps.files.antivirus import ScanUnavailable, clamd_scan
from apps.files.checks import FileRefused
from apps.files.models import StoredFile
from apps.files.services import file_store_bytes

from . import samples

EICAR_SIGNATURE = "Eicar-Test-Signature"


class FakeClamd:
    """Accepts connections (at most ``max_connections``, then stops by itself), reads one
    INSTREAM command and answers OK, or FOUND when the data contains ``virus_marker``."""

    def __init__(self, listener: socket.socket, address: str, max_connections: int = 5):
        self.listener, self.address = listener, address
        self.received: list[bytes] = []
        self.virus_marker = b"X5O!P%@AP"
        self.stopping = threading.Event()
        self.listener.settimeout(0.1)
        self.thread = threading.Thread(target=self._serve, args=(max_connections,), daemon=True)
        self.thread.start()

    def _read_exact(self, conn, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        return data

    def _serve(self, max_connections: int):
        handled = 0
        while handled < max_connections and not self.stopping.is_set():
            try:
                conn, _addr = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            handled += 1
            with conn:
                conn.settimeout(10)
                try:
                    command = self._read_exact(conn, len(b"zINSTREAM\0"))
                    assert command == b"zINSTREAM\0", command
                    data = b""
                    while length := struct.unpack("!L", self._read_exact(conn, 4))[0]:
                        data += self._read_exact(conn, length)
                except (ConnectionError, TimeoutError):
                    continue
                self.received.append(data)
                if self.virus_marker in data:
                    conn.sendall(f"stream: {EICAR_SIGNATURE} FOUND\0".encode())
                else:
                    conn.sendall(b"stream: OK\0")

    def close(self):
        self.stopping.set()
        self.thread.join(timeout=5)
        self.listener.close()


@pytest.fixture(params=["tcp", "unix"])
def clamd(request, tmp_path):
    if request.param == "tcp":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    else:
        path = tmp_path / "clamd.ctl"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        address = f"unix://{path}"
    listener.listen(5)
    server = FakeClamd(listener, address)
    yield server
    server.close()


def eicar_pdf() -> bytes:
    # A PDF carrying the EICAR test string; the fake clamd "finds" the marker in it.
    eicar = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    return samples.pdf() + b"\n%" + eicar + b"\n"


def test_the_client_streams_in_chunks_and_reads_the_verdict(clamd):
    data = b"a" * 200_000  # several INSTREAM chunks
    assert clamd_scan(io.BytesIO(data), address=clamd.address, timeout=5) is None
    assert clamd.received == [data]
    assert clamd_scan(io.BytesIO(eicar_pdf()), address=clamd.address, timeout=5) == (
        EICAR_SIGNATURE
    )


@pytest.mark.django_db
def test_a_clean_file_is_scanned_and_stored(settings, clamd, member, tree):
    settings.CLAMAV_ADDRESS = clamd.address
    data = samples.pdf()
    stored = file_store_bytes(actor=member, unit=tree["upt"], name="a.pdf", data=data)
    assert stored.pk
    assert clamd.received == [data]


@pytest.mark.django_db
def test_an_infected_file_is_refused_and_not_stored(settings, clamd, member, tree, stored_names):
    settings.CLAMAV_ADDRESS = clamd.address
    with pytest.raises(FileRefused) as info:
        file_store_bytes(actor=member, unit=tree["upt"], name="a.pdf", data=eicar_pdf())
    assert info.value.code == "virus"
    assert info.value.message == (
        f"Berkas ditolak: pemindai antivirus menemukan {EICAR_SIGNATURE}."
    )
    assert StoredFile.objects.count() == 0
    assert stored_names() == []


@pytest.mark.django_db
def test_an_unreachable_scanner_refuses_the_file(settings, member, tree, stored_names):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    settings.CLAMAV_ADDRESS = f"tcp://127.0.0.1:{port}"

    with pytest.raises(FileRefused) as info:
        file_store_bytes(actor=member, unit=tree["upt"], name="a.pdf", data=samples.pdf())
    assert info.value.code == "scan_unavailable"
    assert info.value.message.startswith("Layanan pemindai virus sedang tidak tersedia")
    assert stored_names() == []


def test_a_scanner_that_hangs_up_gives_no_verdict():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def hang_up():
        conn, _ = listener.accept()
        conn.recv(10)
        conn.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    with pytest.raises(ScanUnavailable):
        clamd_scan(
            io.BytesIO(b"x" * 100),
            address=f"tcp://127.0.0.1:{listener.getsockname()[1]}",
            timeout=5,
        )
    thread.join(timeout=5)
    listener.close()


def test_an_address_it_does_not_understand_is_no_verdict():
    with pytest.raises(ScanUnavailable):
        clamd_scan(io.BytesIO(b"x"), address="127.0.0.1:3310")


@pytest.mark.django_db
def test_no_scan_when_not_configured(member, tree):
    # CLAMAV_ADDRESS is empty in these tests: storing works without any scanner.
    assert file_store_bytes(actor=member, unit=tree["upt"], name="a.pdf", data=samples.pdf())
