"""Delivers one small message over LMTP and prints the recipient's reply code once it is in."""
import smtplib
import sys

port, recipient = int(sys.argv[1]), sys.argv[2]
message = (
    "From: sender@example.com\r\nTo: %s\r\nSubject: idle probe\r\nMessage-ID: <idle-probe@example.com>\r\n\r\nhello\r\n"
    % recipient
)
lmtp = smtplib.LMTP("127.0.0.1", port)
refused = lmtp.sendmail("sender@example.com", [recipient], message.encode("utf-8"))
print("delivered" if not refused else "refused %r" % refused, flush=True)
lmtp.quit()
