"""Messages and calendar files leaving the app: ``mailto:`` links, ``.eml`` files, SMTP
(its password in the keyring only) and ``.ics`` invitations."""
