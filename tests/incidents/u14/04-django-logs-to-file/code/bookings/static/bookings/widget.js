(function () {
  const el = document.getElementById("booking");
  const clinic = el.dataset.clinic;
  async function load(date, attempt) {
    const r = await fetch(`/api/clinics/${clinic}/slots?date=${date}`);
    if (!r.ok) {
      if (attempt < 3) return setTimeout(() => load(date, attempt + 1), 1500);
      el.textContent = "Sorry, we could not load appointments. Please call the clinic.";
      return;
    }
    const data = await r.json();
    el.innerHTML = data.slots.map((s) => `<button data-at="${s}">${s.slice(11, 16)}</button>`).join("");
  }
  load(new Date().toISOString().slice(0, 10), 1);
})();
