"""An independent IMAP client for the e2e suite: python's imaplib over STARTTLS."""
import imaplib
import ssl
import sys

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE

imap = imaplib.IMAP4("127.0.0.1", port)
imap.starttls(ssl_context=context)
imap.login(user, password)
raw = b"From: py@example.com\r\nTo: bob@example.com\r\nSubject: from imaplib\r\n\r\nbody line\r\n"
typ, data = imap.append("INBOX", None, None, raw)
assert typ == "OK", data
typ, data = imap.select("INBOX")
assert typ == "OK", data
typ, data = imap.search(None, "UNSEEN", "SUBJECT", "imaplib")
assert typ == "OK", data
matches = data[0].split()
print("search-unseen: %d" % len(matches))
typ, data = imap.fetch(matches[-1], "(BODY.PEEK[])")
assert typ == "OK", data
print("byte-exact: %s" % ("yes" if data[0][1] == raw else "no"))
imap.logout()
