"""JUnit XML, the one report format every CI system (Jenkins, GitLab, GitHub Actions) shows.

The mapping follows how CI reads JUnit: a failure fails the build, an error
means the test itself could not run, skipped is neither. So findings at or
above ``--fail-on`` are failures, opsdoc's own input problems (X codes) are
errors, suppressed findings are skipped, and everything below the threshold
passes with its details in ``system-out``. Each source is a test case too, so
a run that silently read nothing does not look like a clean bill of health.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC

from opsdoc.findings import Finding, SourceStatus
from opsdoc.render._common import is_internal, sanitized, version
from opsdoc.render.text import finding_lines
from opsdoc.report import Report

# XML 1.0 cannot carry most control characters, even escaped; log quotes can hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(f: Finding) -> str:
    return _x("\n".join(finding_lines(f, color=False)) + "\n")


class _Suite:
    """Builds the testsuite while keeping its count attributes consistent."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.element = ET.Element("testsuite", name="opsdoc")
        self.tests = self.failures = self.errors = self.skipped = 0

    def case(self, classname: str, name: str, seconds: float = 0.0) -> ET.Element:
        self.tests += 1
        return ET.SubElement(
            self.element, "testcase", classname=_x(classname), name=_x(name), time=f"{seconds:.3f}"
        )

    def finding(self, f: Finding) -> None:
        case = self.case(f"opsdoc.{f.code}", f.subject)
        summary = _x(f.summary or f.title)
        if f.suppressed:
            self.skipped += 1
            ET.SubElement(case, "skipped", message=_x(f"suppressed: {f.suppressed}"))
        elif is_internal(f):
            self.errors += 1
            ET.SubElement(case, "error", type=f.code, message=summary).text = _details(f)
        elif f.severity.at_least(self.report.fail_on):
            self.failures += 1
            ET.SubElement(case, "failure", type=f.code, message=summary).text = _details(f)
        else:
            ET.SubElement(case, "system-out").text = _details(f)

    def source(self, s: SourceStatus) -> None:
        case = self.case("opsdoc.sources", s.name, s.seconds)
        detail = _x(s.detail)
        if s.status == "skipped":
            self.skipped += 1
            ET.SubElement(case, "skipped", message=detail or "source skipped")
        elif s.status != "ok":
            self.errors += 1
            ET.SubElement(case, "error", type="source", message=detail or f"source {s.status}")
        out = [f"{s.records} records"] + [f"skipped: {i}" for i in s.skipped_inputs]
        ET.SubElement(case, "system-out").text = _x("\n".join(out) + "\n")

    def finish(self) -> ET.Element:
        as_of = self.report.as_of
        if as_of.tzinfo is not None:
            as_of = as_of.astimezone(UTC).replace(tzinfo=None)
        attrs = {
            "tests": str(self.tests),
            "failures": str(self.failures),
            "errors": str(self.errors),
            "skipped": str(self.skipped),
            "time": f"{self.report.seconds:.3f}",
        }
        self.element.attrib.update(attrs, timestamp=as_of.isoformat(timespec="seconds"))
        props = ET.Element("properties")
        for name, value in (("opsdoc.version", version(self.report)),
                            ("opsdoc.exit_code", str(self.report.exit_code)),
                            ("opsdoc.fail_on", self.report.fail_on.value)):  # fmt: skip
            ET.SubElement(props, "property", name=name, value=value)
        self.element.insert(0, props)
        root = ET.Element("testsuites", {"name": "opsdoc", **attrs})
        root.append(self.element)
        return root


def render(report: Report, *, color: bool = False) -> str:
    report = sanitized(report)
    suite = _Suite(report)
    for f in report.findings:
        suite.finding(f)
    for s in report.sources:
        suite.source(s)
    root = suite.finish()
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
