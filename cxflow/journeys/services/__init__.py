"""Client journeys and the measurements taken along them: the rules, one module per noun.

A journey (`journeys`) is the path of one client profile through one service, as ordered
stages (`stages`) with touchpoints (`touchpoints`) and pain points (`pain_points`) (seed 001
§2.7; seed 003 «Путь клиента»). A measurement (`measurements`) is one value of the experience
at a stage or one of its touchpoints (seed 001 §9.1–9.2), scored from 0 to 1 so that stages
measured on different scales can be compared and coloured on the map. `checks` holds what
their checks share.
"""
