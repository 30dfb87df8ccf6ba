# As Serbian Latin (config/formats/sr_Latn): "6. decembra 2026, 14:30", the month in the
# genitive, and no closing full stop after the year. Django's own Bosnian formats put the
# month first in short dates ("Y M j"), which this replaces.
DATE_FORMAT = "j. E Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. E Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. E"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y, H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
