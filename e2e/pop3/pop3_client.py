"""POP3 and LMTP driver for the e2e tests, built on Python's own poplib and smtplib.

Reads one JSON request on stdin and prints one JSON answer on stdout. Byte strings travel as base64.
A server refusal (poplib.error_proto) ends the steps and is reported as {"error": "..."}.
"""
import base64
import json
import poplib
import smtplib
import ssl
import sys
import time


def b64(data):
    return base64.b64encode(data).decode("ascii")


def tls_context():
    # The test server's certificate is self-signed and made for this run.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def deliver(request):
    client = smtplib.LMTP(request["host"], request["port"])
    try:
        refused = client.sendmail(request["sender"], request["recipients"], base64.b64decode(request["message"]))
    finally:
        client.quit()
    return {"refused": {rcpt: [code, text.decode("utf-8", "replace")] for rcpt, (code, text) in refused.items()}}


def run_step(client, step):
    name = step[0]
    if name == "capa":
        return {k: v for k, v in client.capa().items()}
    if name == "stat":
        return list(client.stat())
    if name == "list":
        response, lines, _ = client.list()
        return [line.decode() for line in lines]
    if name == "uidl":
        response, lines, _ = client.uidl()
        return [line.decode() for line in lines]
    if name == "retr":
        response, lines, octets = client.retr(step[1])
        return {"response": response.decode(), "content": b64(b"\r\n".join(lines)), "octets": octets}
    if name == "top":
        response, lines, octets = client.top(step[1], step[2])
        return {"response": response.decode(), "content": b64(b"\r\n".join(lines))}
    if name == "dele":
        return client.dele(step[1]).decode()
    if name == "rset":
        return client.rset().decode()
    if name == "noop":
        return client.noop().decode()
    if name == "sleep":
        time.sleep(step[1])
        return None
    if name == "quit":
        return client.quit().decode()
    if name == "drop":
        # Leave without QUIT, as a crashed or disconnected client would.
        client.sock.close()
        return None
    raise ValueError("unknown step %r" % (name,))


def pop(request):
    host, port, mode = request["host"], request["port"], request.get("tls", "stls")
    if mode == "implicit":
        client = poplib.POP3_SSL(host, port, context=tls_context(), timeout=30)
    else:
        client = poplib.POP3(host, port, timeout=30)
    out = {"greeting": client.getwelcome().decode(), "results": [], "encrypted": mode != "none"}
    try:
        if mode == "stls":
            client.stls(tls_context())
        client.user(request["user"])
        client.pass_(request["password"])
        if request.get("announce"):
            # Tells a waiting test that this session now holds the maildrop.
            sys.stderr.write("logged-in\n")
            sys.stderr.flush()
        for step in request["steps"]:
            out["results"].append(run_step(client, step))
    except poplib.error_proto as error:
        out["error"] = error.args[0].decode() if isinstance(error.args[0], bytes) else str(error.args[0])
    return out


def main():
    request = json.load(sys.stdin)
    answer = deliver(request) if request["mode"] == "deliver" else pop(request)
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
