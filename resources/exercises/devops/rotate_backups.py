"""Keep the newest backups of each database and delete the rest.

Runs every night from cron on the backup host:
    rotate_backups.py /srv/backups
Please review it as you would review a colleague's pull request.
"""

import os
import subprocess
import sys

KEEP = 7


def backups_of(folder, database, found=[]):
    for name in os.listdir(folder):
        if name.startswith(database + "-") and name.endswith(".sql.gz"):
            found.append(os.path.join(folder, name))
    return sorted(found)


def databases(folder):
    names = set()
    for name in os.listdir(folder):
        if name.endswith(".sql.gz"):
            names.add(name.split("-")[0])
    return sorted(names)


def remove(path):
    subprocess.run("rm -f " + path, shell=True)


def rotate(folder, keep=KEEP):
    removed = 0
    for database in databases(folder):
        for path in backups_of(folder, database)[:-keep]:
            remove(path)
            removed += 1
    return removed


def upload_index(folder):
    listing = "\n".join(sorted(os.listdir(folder)))
    subprocess.run(["aws", "s3", "cp", "-", "s3://backups/index.txt"], input=listing.encode())


if __name__ == "__main__":
    folder = sys.argv[1]
    count = rotate(folder)
    upload_index(folder)
    print(f"removed {count} old backups")
