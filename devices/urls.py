"""Device master-data routes, relative to ``/v1/masterdata`` (mounted by config.urls, also
under MOSIP's ``/masterdata``)."""

from kernel.routing import Route

from . import views
from .views12 import device_details as device_details_12
from .views12 import ftm as ftm_12
from .views12 import sbi as sbi_12

routes = [
    Route("/deviceprovider", views.DeviceProviderView.as_view(), "deviceprovider"),
    Route("/foundationaltrustprovider", views.FoundationalTrustProviderView.as_view(), "foundationaltrustprovider"),
    Route("/mosipdeviceservice", views.DeviceServiceView.as_view(), "mosipdeviceservice"),
    Route("/registereddevices", views.RegisteredDeviceView.as_view(), "registereddevices"),
    Route("/registereddevices/deregister", views.DeregisterBodyView.as_view(), "registereddevices-deregister-body"),
    Route("/registereddevices/deregister/<pmsid:device_code>", views.DeregisterView.as_view(),
          "registereddevices-deregister"),
    Route("/registereddevices/status", views.DeviceStatusView.as_view(), "registereddevices-status"),
    Route("/deviceprovidermanagement/validate", views.ValidateView.as_view(), "device-validate"),
    Route("/deviceprovidermanagement/validate/history", views.ValidateHistoryView.as_view(), "device-validate-history"),
]

# MOSIP 1.2, /v1/partnermanager (config.urls mounts them with kernel.routing.mount_context):
# every module's literal routes, then every module's id routes.
_modules_12: list = [sbi_12, device_details_12, ftm_12]
partner_manager_routes_12 = [*(r for m in _modules_12 for r in m.literal_routes),
                             *(r for m in _modules_12 for r in m.id_routes)]
