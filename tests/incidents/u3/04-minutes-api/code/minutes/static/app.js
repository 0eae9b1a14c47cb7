async function loadNotes(teamId) {
  const res = await fetch(`/api/teams/${teamId}/notes`);
  const notes = await res.json();
  const list = document.getElementById("notes");
  list.innerHTML = "";
  for (const n of notes) {
    const li = document.createElement("li");
    li.textContent = `${n.held_at.slice(0, 10)}  ${n.title}${n.summarised ? "" : "  (no summary)"}`;
    li.onclick = () => openNote(n.id);
    list.appendChild(li);
  }
}

async function summarise(noteId) {
  document.getElementById("status").textContent = "Summarising...";
  const res = await fetch(`/api/notes/${noteId}/summary`, { method: "POST" });
  const body = await res.json();
  document.getElementById("summary").textContent = body.summary;
  document.getElementById("status").textContent = "";
}
