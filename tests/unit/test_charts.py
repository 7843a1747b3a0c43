from quizapp.charts import HEIGHT, TOP, bar_chart


def test_bars_scale_to_a_round_axis_and_stay_inside_the_plot():
    chart = bar_chart("c", "T", "D", ["a", "b", "c"], [0, 7, 14], "x", "y")
    assert [t[1] for t in chart.ticks] == [0, 5, 10, 15]
    a, b, c = chart.bars
    assert a.height == 0 and abs(b.height * 2 - c.height) < 0.02
    assert c.y >= TOP and c.y + c.height <= HEIGHT
    assert a.x < b.x < c.x and a.width <= 72


def test_an_empty_chart_has_an_axis():
    chart = bar_chart("c", "T", "D", [], [], "x", "y")
    assert chart.bars == () and chart.ticks[0][1] == 0
