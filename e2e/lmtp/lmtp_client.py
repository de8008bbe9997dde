"""Delivers one message over LMTP with Python's smtplib and prints every reply as JSON.

Input (stdin, JSON): host, port, sender, recipients, message (text) or message_b64, smtputf8, starttls.
smtplib.LMTP.data() reads a single reply (and raises on a first failure), so the replies for the other accepted recipients
(RFC 2033 4.2) are read with getreply().
"""
import base64
import json
import smtplib
import ssl
import sys


def main() -> None:
    request = json.load(sys.stdin)
    client = smtplib.LMTP(request["host"], request["port"])
    result = {"lhlo": None, "rcpt": [], "data": []}
    try:
        code, _ = client.ehlo("python.test")
        result["lhlo"] = code
        if request.get("starttls"):
            # The test server uses a self-signed development certificate.
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            code, _ = client.starttls(context=context)
            result["starttls"] = code
            client.ehlo("python.test")
        options = ["SMTPUTF8"] if request.get("smtputf8") else []
        code, text = client.mail(request["sender"], options)
        result["mail"] = [code, text.decode("utf-8", "replace")]
        accepted = 0
        for recipient in request["recipients"]:
            code, text = client.rcpt(recipient)
            result["rcpt"].append([code, text.decode("utf-8", "replace")])
            if code == 250:
                accepted += 1
        if accepted:
            if "message_b64" in request:
                message = base64.b64decode(request["message_b64"])
            else:
                message = request["message"].encode("utf-8")
            # smtplib's data() raises on a first non-250 reply and then sends RSET, which would read the
            # next recipient's reply as RSET's; so send DATA the way data() does and read every reply.
            code, text = client.docmd("data")
            if code != 354:
                raise smtplib.SMTPDataError(code, text)
            quoted = smtplib._quote_periods(message)
            if quoted[-2:] != b"\r\n":
                quoted += b"\r\n"
            client.send(quoted + b".\r\n")
            for _ in range(accepted):
                code, text = client.getreply()
                result["data"].append([code, text.decode("utf-8", "replace")])
        client.quit()
    except smtplib.SMTPException as error:
        result["error"] = repr(error)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
