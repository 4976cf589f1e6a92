"""Importing registrations from the exports people already have: Eventbrite's attendee summary,
a Google Forms or Microsoft Forms response sheet, pretix's order positions, or any CSV with a
column map. The CLI and the app call `importer` (`prepare`, `run_import`).

One module per concern: `reading` (the file), `formats` (which tool made it, which column holds
what), `answers` (choices, statuses, the catalogue in people's own words), `rows` (one row as a
person), `plan` (what it would do against the database, then doing it). Nothing is imported
here, so that the command line names the formats and fields without loading the rest.
"""

FORMATS = ("eventbrite", "google-forms", "ms-forms", "pretix", "csv")
FORMAT_NAMES = {"eventbrite": "Eventbrite", "google-forms": "Google Forms",
                "ms-forms": "Microsoft Forms", "pretix": "pretix", "csv": "CSV"}

# What a column can hold. "order_*" are the buyer's, given to an attendee only when they are
# the buyer (pretix); "account_name" is who answered a Microsoft Form, used when no name is given.
FIELDS = {
    "name": "Name", "first_name": "First name", "last_name": "Last name",
    "preferred_name": "Preferred name", "email": "Email", "phone": "Phone",
    "organisation": "Organisation", "pronouns": "Pronouns", "roles": "Roles",
    "access": "Access needs", "dietary": "Dietary needs", "sessions": "Sessions",
    "status": "Status", "code": "Ticket code", "timestamp": "Time answered",
    "consent": "Consent (yes/no)", "order": "Order", "order_email": "Buyer's email",
    "order_phone": "Buyer's phone", "order_name": "Buyer's name", "account_name": "Account name",
    "ignore": "(not imported)",
}
IGNORE = "ignore"
