"""Drawing, below every figure: plotly charts (:mod:`.charts`), the SVG municipality map
(:mod:`.svgmap`) and charts as PNG images (:mod:`.images`). Foundations: no survey, no store."""
