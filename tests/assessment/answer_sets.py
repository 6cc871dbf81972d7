"""Answer sets shared by the pure scoring tests and the Django-layer tests (plain data)."""

# The "mixed company" vector: strategy 32.5, readiness 51.43, human 62.5, data 25 (data.management 0
# points: "not collected digitally"), automation 40, green 50.
MIXED = {
    "strategy.business_areas": {
        "invested": ["product_development", "operations", "marketing_sales"],
        "planned": ["operations", "purchasing"],
    },
    "strategy.preparedness": ["needs_known", "budget", "skills", "leadership"],
    "readiness.basic": ["broadband", "website", "e_invoicing", "cloud", "erp", "collaboration"],
    "readiness.advanced": {
        "simulation": 0,
        "extended_reality": 1,
        "cad_cam": 5,
        "mes": 3,
        "iot": 4,
        "blockchain": 0,
        "additive": 2,
    },
    "human.upskilling": [
        "skills_review",
        "training_plan",
        "short_courses",
        "on_the_job",
        "trainees",
        "funded_training",
        "recruit_experts",
    ],
    "human.engagement": ["informed", "involved"],
    "data.management": ["policy", "integrated", "analysed", "not_digital"],
    "data.security": ["policy", "backups", "access_control"],
    "automation.technologies": {"language": 5, "vision": 5, "audio": 0, "robotics": 0, "analytics": 0},
    "green.practices": ["energy_management", "transport", "waste", "paperless", "sourcing"],
    "green.considerations": {
        "env_in_choices": "yes",
        "management_system": "partially",
        "it_energy": "no",
        "circular_it": "no",
        "env_reporting": "yes",
    },
}
