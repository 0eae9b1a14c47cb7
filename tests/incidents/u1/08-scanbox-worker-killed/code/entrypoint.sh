#!/bin/sh
set -e
mkdir -p /state
echo "scanbox worker starting (tesseract $(tesseract --version 2>&1 | head -n1 | cut -d' ' -f2))"
python -m scanbox.worker
