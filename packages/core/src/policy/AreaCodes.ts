/**
 * North American area codes whose whole area keeps one time zone, so a new
 * person's zone can be guessed from their number until they say where they
 * are. Codes whose area spans two zones (e.g. 850 in the Florida panhandle,
 * 208 in Idaho, 541 in Oregon, 775 in Nevada, 432 in West Texas, 928 with
 * the Navajo Nation's daylight time in Arizona, 250 and the province-wide
 * 778/236/672 in British Columbia, 418 with the Magdalen Islands, 907 with
 * the western Aleutians, Indiana, Kentucky, Tennessee, Kansas, Nebraska and
 * the Dakotas) are left out on purpose:
 * a wrong guess is worse than the operator's default. Overlays share their
 * parent's zone. Not every code is listed; unlisted codes get the default.
 */
const zones: Readonly<Record<string, ReadonlyArray<string>>> = {
  "America/New_York": [
    // New York
    "212 315 332 347 516 518 585 607 631 646 680 716 718 838 845 914 917 929 934",
    // New Jersey, Pennsylvania, Delaware, Maryland, DC
    "201 551 609 640 732 848 856 862 908 973 215 223 267 272 412 445 484 570 582 610 717 724 814 835 878 302 240 301",
    "410 443 667 202",
    // Massachusetts, Connecticut, Rhode Island, Vermont, New Hampshire, Maine
    "339 351 413 508 617 774 781 857 978 203 475 860 959 401 802 603 207",
    // Virginia, West Virginia, North Carolina, South Carolina, Georgia
    "276 434 540 571 703 757 804 826 948 304 681 252 336 472 704 743 828 910 919 980 984 803 839 843 854 864",
    "229 404 470 478 678 706 762 770 912 943",
    // Ohio, Florida (without the panhandle's 850/448)
    "216 220 234 283 326 330 380 419 436 440 513 567 614 740 937",
    "239 305 321 352 386 407 561 656 689 727 754 772 786 813 863 904 941 954"
  ],
  "America/Detroit": ["248 269 313 517 586 616 734 810 947 989"],
  "America/Toronto": ["416 437 647 289 365 905 613 343 519 226 548 514 438 450 579 819 873"],
  "America/Chicago": [
    // Illinois, Wisconsin, Minnesota, Iowa, Missouri, Arkansas, Louisiana, Mississippi, Alabama, Oklahoma
    "217 224 309 312 331 447 464 618 630 708 773 779 815 847 872 262 274 353 414 534 608 715 920",
    "218 320 507 612 651 763 952 319 515 563 641 712 314 417 557 573 636 660 816 975 479 501 870 225 318 337 504 985",
    "228 601 662 769 205 251 256 334 659 938 405 539 572 580 918",
    // Texas without El Paso (915, Mountain) and 432
    "210 214 254 281 325 346 361 409 430 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979"
  ],
  "America/Winnipeg": ["204 431"],
  "America/Denver": [
    // Colorado, Utah, New Mexico, Montana, Wyoming, El Paso
    "303 719 720 970 983 385 435 801 505 575 406 307 915"
  ],
  "America/Edmonton": ["403 587 780 825 368"],
  "America/Phoenix": ["480 520 602 623"],
  "America/Los_Angeles": [
    // California, Washington, Nevada's 702/725 (775 has West Wendover on Mountain time), Oregon's 503/971
    "209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805",
    "818 820 831 840 858 909 916 925 949 951 206 253 360 425 509 564 702 725 503 971"
  ],
  "America/Vancouver": ["604"],
  "Pacific/Honolulu": ["808"]
}

const byCode: ReadonlyMap<string, string> = new Map(
  Object.entries(zones).flatMap(([zone, lines]) =>
    lines.flatMap((line) => line.split(/\s+/).filter((code) => code !== "").map((code) => [code, zone] as const))
  )
)

/** The IANA zone of a North American (+1) number's area code, when the whole area keeps one zone. */
export const areaCodeTimeZone = (phone: string): string | undefined => {
  const match = /^\+1(\d{3})\d{7}$/.exec(phone)
  return match === null ? undefined : byCode.get(match[1]!)
}
