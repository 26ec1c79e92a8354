// A small SVG bar chart, hand-written so the admin works offline with no
// library: stacked series over labelled columns, a y axis with round ticks,
// a legend, and a <title> per bar for the exact value. The numbers are also
// given as a table by the pages, for screen readers and copying.

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
	const el = document.createElementNS(NS, tag);
	for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
	for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	return el;
}

// 1, 2 or 5 times a power of ten, at least max / 4
function niceStep(max) {
	const raw = max / 4, p = 10 ** Math.floor(Math.log10(raw));
	for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
	return 10 * p;
}

export function barChart({ labels, series, format = String, title = '', width = 720, height = 240, labelEvery = 1 }) {
	const left = 64, right = 12, top = 12, bottom = 48;
	const w = width - left - right, hgt = height - top - bottom;
	const totals = labels.map((_, i) => series.reduce((a, ser) => a + (ser.values[i] || 0), 0));
	const max = Math.max(...totals, 0);
	const step = max > 0 ? niceStep(max) : 1;
	const top_ = max > 0 ? Math.ceil(max / step) * step : 4;
	const y = (v) => top + hgt - (v / top_) * hgt;
	const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
	svg.append(s('title', {}, title));
	for (let v = 0; v <= top_ + 1e-9; v += max > 0 ? step : 1) {
		svg.append(s('line', { x1: left, x2: left + w, y1: y(v), y2: y(v), class: 'grid' }));
		svg.append(s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, format(v)));
	}
	const n = Math.max(labels.length, 1), slot = w / n, bw = Math.max(2, slot * 0.7);
	labels.forEach((label, i) => {
		let base = 0;
		const x = left + i * slot + (slot - bw) / 2;
		series.forEach((ser, k) => {
			const v = ser.values[i] || 0;
			if (v > 0) {
				const r = s('rect', { x, y: y(base + v), width: bw, height: Math.max(0.5, y(base) - y(base + v)), class: `bar s${k}` });
				r.append(s('title', {}, `${label} · ${ser.name}: ${format(v)}`));
				svg.append(r);
			}
			base += v;
		});
		if (i % labelEvery === 0)
			svg.append(s('text', { x: x + bw / 2, y: top + hgt + 16, 'text-anchor': 'middle', class: 'tick' }, label));
	});
	svg.append(s('line', { x1: left, x2: left + w, y1: top + hgt, y2: top + hgt, class: 'axis' }));
	let lx = left;
	series.forEach((ser, k) => {
		svg.append(s('rect', { x: lx, y: height - 16, width: 10, height: 10, class: `bar s${k}` }));
		const t = s('text', { x: lx + 14, y: height - 7, class: 'legend' }, ser.name);
		svg.append(t);
		lx += 24 + ser.name.length * 7;
	});
	if (max === 0) svg.append(s('text', { x: left + w / 2, y: top + hgt / 2, 'text-anchor': 'middle', class: 'nodata' }, 'no data in this span'));
	return svg;
}
